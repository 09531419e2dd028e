/**
 * Every alert's words in one language. The alert formatter (alert-format.ts) reads the facts out
 * of the event; a language only says them. Adding a language is one file beside this one, listed
 * in languages.ts.
 */

/** The areas tamper alerts are grouped in (one EventBridge rule each). */
export type TamperArea = 'logging' | 'detection' | 'alertPath' | 'spend' | 'account' | 'identity';

/** How urgent an alert is; GuardDuty's four bands, used for every alert. */
export type Severity = 'low' | 'medium' | 'high' | 'critical';

/** One numbered step: what to do, and where (a console page), if there is a page for it. */
export interface Step {
  readonly text: string;
  readonly link?: string;
}

/** What a language writes for one alert: the e-mail's subject, its first line and its steps. */
export interface AlertWords {
  readonly subject: string;
  readonly headline: string;
  readonly steps: readonly Step[];
}

/** What the formatter found in an event; a missing value is undefined, never guessed. */
export interface AlertFacts {
  readonly account: string;
  readonly region?: string;
  readonly time?: string;
  /** The identity that acted (an ARN), and its IAM user name when it is one. */
  readonly who?: string;
  readonly userName?: string;
  readonly sourceIp?: string;
  readonly userAgent?: string;
  /** The CloudTrail event name and service (eventSource). */
  readonly eventName?: string;
  readonly service?: string;
  readonly eventId?: string;
  /** The error code when AWS refused the call. */
  readonly error?: string;
  readonly mfaUsed?: string;
  readonly severity: Severity;
  /** The region is an enabled one the account does not work in (never said of global services' events). */
  readonly outsideAllowedRegions: boolean;
  readonly allowedRegions: readonly string[];
}

export interface FindingFacts extends AlertFacts {
  readonly findingType: string;
  readonly findingId?: string;
  readonly title?: string;
  readonly score?: number;
  readonly instanceId?: string;
  readonly accessKeyId?: string;
}

export interface ConfigFacts extends AlertFacts {
  readonly rule: string;
  readonly resourceType?: string;
  readonly resourceId?: string;
}

export interface BudgetFacts extends AlertFacts {
  readonly budgetName: string;
  /** ACTUAL spend so far, or what AWS FORECASTS for the month. */
  readonly kind: 'ACTUAL' | 'FORECASTED';
  readonly threshold?: string;
  readonly amount?: string;
  readonly limit?: string;
}

export interface AnomalyFacts extends AlertFacts {
  /** USD more than expected, as AWS reports it. */
  readonly impact?: string;
  readonly causes: ReadonlyArray<{ readonly service?: string; readonly region?: string; readonly usageType?: string }>;
  readonly link?: string;
  readonly started?: string;
}

export interface AlarmFacts extends AlertFacts {
  readonly alarmName?: string;
}

/** What the containment function did, for its alert. */
export interface ContainmentFacts {
  readonly account: string;
  readonly region: string;
  readonly dryRun: boolean;
  /** Instances stopped now (or, on a dry run, that would have been). */
  readonly count: number;
  /** Instances the function tried to stop and could not: still running. */
  readonly notStopped: number;
  readonly cause: ContainmentCause;
  readonly trigger: { readonly source: 'cloudtrail' | 'guardduty'; readonly name: string; readonly who?: string; readonly sourceIp?: string; readonly time?: string; readonly link: string };
}

export type ContainmentCause =
  | { readonly kind: 'root' }
  | { readonly kind: 'unused-region'; readonly allowedRegions: readonly string[] }
  | { readonly kind: 'finding'; readonly type: string; readonly severity: Severity; readonly title?: string }
  | { readonly kind: 'released'; readonly exemptRoleArns: readonly string[] };

export interface AlertTexts {
  /** The language's name for itself, for docs and errors. */
  readonly name: string;
  readonly severity: Readonly<Record<Severity, string>>;
  /** How the severity opens the subject line, e.g. "[High] ". */
  readonly subjectTag: (severity: Severity) => string;
  /** Labels of the fact lines, in the order the formatter prints them. */
  readonly labels: {
    readonly account: string;
    readonly region: string;
    readonly time: string;
    readonly who: string;
    readonly from: string;
    readonly action: string;
    readonly refused: string;
    readonly mfaUsed: string;
    readonly severity: string;
    readonly finding: string;
    readonly resource: string;
    readonly rule: string;
    readonly budget: string;
    readonly amount: string;
    readonly causes: string;
    readonly alarm: string;
  };
  /** Said under the facts when the region is one the account does not use. */
  readonly outsideAllowedRegions: (region: string, allowed: readonly string[]) => string;
  readonly stepsHeading: string;
  /** AWS Budgets' two kinds of amount. */
  readonly budgetKind: Readonly<Record<'ACTUAL' | 'FORECASTED', string>>;
  readonly footer: (account: string) => string;
  /** The tamper areas' names inside an alert. */
  readonly tamperAreas: Readonly<Record<TamperArea, string>>;

  readonly rootActivity: (facts: AlertFacts) => AlertWords;
  readonly signInWithoutMfa: (facts: AlertFacts) => AlertWords;
  readonly guardDutyFinding: (facts: FindingFacts) => AlertWords;
  readonly configNonCompliance: (facts: ConfigFacts) => AlertWords;
  readonly tamper: (area: TamperArea, facts: AlertFacts) => AlertWords;
  readonly unusedRegionCompute: (facts: AlertFacts) => AlertWords;
  readonly deliveryFailure: (facts: AlarmFacts) => AlertWords;
  readonly budget: (facts: BudgetFacts) => AlertWords;
  readonly costAnomaly: (facts: AnomalyFacts) => AlertWords;
  /** A message from AWS the formatter does not recognise: it is passed on as AWS wrote it. */
  readonly otherAwsMessage: (account: string, awsSubject?: string) => AlertWords;
  /** When formatting itself failed: the raw event follows, unchanged. */
  readonly unformatted: (account: string, error: string) => AlertWords;

  /**
   * Alarm descriptions, which CloudWatch e-mails as they are. These alarms publish to the topic
   * directly, so that an alert about failing alerts does not depend on the formatter.
   */
  readonly alarms: {
    readonly deliveryFailure: (region: string) => string;
    readonly formatterFailed: string;
    readonly undeliveredAlerts: (queue: string) => string;
    readonly containmentFailed: string;
    readonly containmentDeadLetters: (queue: string) => string;
    /** A region's heartbeat alarm: fewer than half its heartbeats reached `home` for an hour, or none. */
    readonly heartbeatMissing: (region: string, home: string, logGroup: string) => string;
    /** A baseline function is throttled: what it should handle is held back. */
    readonly functionThrottled: (functionName: string) => string;
    /** Events have waited `minutes` for a baseline function: held back, though maybe not counted as throttled. */
    readonly functionEventsWaiting: (functionName: string, minutes: number) => string;
  };

  readonly containment: {
    readonly subject: (facts: ContainmentFacts) => string;
    readonly headline: (facts: ContainmentFacts) => string;
    readonly why: (facts: ContainmentFacts) => string;
    readonly trigger: (facts: ContainmentFacts) => string;
    readonly instance: (id: string, type: string, launched: string, dryRun: boolean, group?: string, protectionLifted?: boolean) => string;
    readonly notFound: (id: string, region: string) => string;
    /** `why`: a one-time Spot instance or an instance-store-backed one, which cannot be stopped at all. */
    readonly notStopped: (id: string, type: string, state: string, error: string, why?: 'one-time-spot' | 'instance-store') => string;
    readonly cancelled: (ids: readonly string[]) => string;
    readonly suspended: (groups: readonly string[]) => string;
    readonly evidence: string;
    /** How the trigger names the root user, with the access key it used if any. */
    readonly rootUser: (accessKeyId?: string) => string;
    readonly steps: (
      facts: ContainmentFacts,
      undo?: { readonly command: string; readonly resume: readonly string[] },
      /** The instances still running, and how to stop them by hand. */
      stillRunning?: { readonly ids: readonly string[]; readonly stop: string; readonly cannotStop: readonly string[] },
    ) => readonly Step[];
    readonly keySubject: (userName: string, account: string, dryRun: boolean) => string;
    readonly keyHeadline: (userName: string, accessKeyId: string, account: string, dryRun: boolean) => string;
    readonly keySteps: (userName: string, accessKeyId: string, findingLink: string) => readonly Step[];
    readonly unreadableSubject: string;
    readonly unreadable: (account: string, why: string) => string;
    readonly unreadableSteps: readonly Step[];
  };
}
