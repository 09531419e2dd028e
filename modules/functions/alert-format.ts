/**
 * The alert formatter's pure half: turns what AWS sends (an EventBridge event, or an AWS Budgets
 * or Cost Anomaly Detection message) into an e-mail a person can act on, in the account's
 * language: a subject that opens with the severity, a plain headline, the facts, a warning when
 * the region is one the account does not use, and numbered steps with console links.
 * No AWS SDK here: the synthesis, the tests and the Lambda function share this file.
 */
import { stepLines, subjectLine, textsFor } from './messages/languages';
import type { AlertFacts, AlertTexts, AlertWords, AnomalyFacts, BudgetFacts, Severity, TamperArea } from './messages/types';

export const FORMATTER_NAME = 'account-baseline-alert-formatter';
export const FORMATTER_SETTINGS_VARIABLE = 'ALERT_FORMATTER_SETTINGS';

/** What the function is told through its environment (ALERT_FORMATTER_SETTINGS, JSON). */
export interface FormatterSettings {
  readonly accountId: string;
  readonly topicArn: string;
  readonly language: string;
  /** The regions the account works in; anything elsewhere is called out. */
  readonly allowedRegions: readonly string[];
}

/** The alerts EventBridge hands the formatter; each route names its own. */
export type EventAlert =
  | { readonly alert: 'root-activity' | 'sign-in-without-mfa' | 'guardduty-finding' | 'config-non-compliance' | 'unused-region-compute' | 'delivery-failure' }
  | { readonly alert: 'tamper'; readonly area: TamperArea };

/** What a route's EventBridge target delivers: the alert's kind and the whole event. */
export type EventAlertRequest = EventAlert & { readonly event: unknown };

export interface FormattedAlert {
  /** SNS subjects: one line, under 100 characters. */
  readonly subject: string;
  readonly message: string;
}

/**
 * The input template of a route's target: the alert's kind and the original event, whole
 * (EventBridge's reserved `aws.events.event.json`), so that nothing is lost on the way.
 */
export function eventAlertInputTemplate(alert: EventAlert): string {
  const fields = JSON.stringify(alert).slice(0, -1);
  return `${fields},"event":<aws.events.event.json>}`;
}

export { subjectLine, textsFor };

/**
 * Services whose events CloudTrail records in us-east-1 whatever the region of the work (IAM,
 * sign-in, STS's global endpoint, Organizations, billing...): us-east-1 is never "outside your
 * regions" for them.
 */
const GLOBAL_EVENT_SOURCES = new Set(
  ['account', 'billing', 'budgets', 'ce', 'cloudfront', 'health', 'iam', 'organizations', 'route53', 'signin', 'sts', 'support', 'trustedadvisor', 'notifications'].map(
    (service) => `${service}.amazonaws.com`,
  ),
);

type Json = Record<string, unknown>;
const record = (value: unknown): Json => (value && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : {});
const text = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : typeof value === 'number' ? String(value) : undefined);

/** GuardDuty's severity bands, used for every alert. */
export function severityOf(score: number): Severity {
  if (score >= 9) return 'critical';
  if (score >= 7) return 'high';
  if (score >= 4) return 'medium';
  return 'low';
}

function outside(region: string | undefined, service: string | undefined, settings: FormatterSettings): boolean {
  if (!region || settings.allowedRegions.length === 0 || settings.allowedRegions.includes(region)) return false;
  return !(region === 'us-east-1' && service !== undefined && GLOBAL_EVENT_SOURCES.has(service));
}

/** The facts of a CloudTrail event (an API call or a console sign-in). */
function cloudTrailFacts(event: Json, settings: FormatterSettings, severity: (facts: { outside: boolean; error?: string }) => Severity): AlertFacts {
  const detail = record(event.detail);
  const identity = record(detail.userIdentity);
  const region = text(event.region) ?? text(detail.awsRegion);
  const service = text(detail.eventSource);
  const error = text(detail.errorCode);
  const isOutside = outside(region, service, settings);
  return {
    account: text(event.account) ?? text(detail.recipientAccountId) ?? settings.accountId,
    region,
    time: text(detail.eventTime) ?? text(event.time),
    who: text(identity.arn) ?? text(identity.principalId) ?? text(identity.type),
    userName: text(identity.userName) ?? (text(identity.type) === 'IAMUser' ? text(identity.arn)?.split('/').pop() : undefined),
    sourceIp: text(detail.sourceIPAddress),
    userAgent: text(detail.userAgent),
    eventName: text(detail.eventName),
    service,
    eventId: text(detail.eventID),
    error,
    mfaUsed: text(record(detail.additionalEventData).MFAUsed),
    severity: severity({ outside: isOutside, error }),
    outsideAllowedRegions: isOutside,
    allowedRegions: settings.allowedRegions,
  };
}

/** Formats one alert that EventBridge delivered. Throws on input that is not an alert request. */
export function formatEventAlert(request: EventAlertRequest, settings: FormatterSettings, texts: AlertTexts): FormattedAlert {
  const event = record(request.event);
  if (!request.event || typeof request.event !== 'object') throw new Error(`the ${String(request.alert)} alert carries no event`);
  const detail = record(event.detail);
  switch (request.alert) {
    case 'root-activity': {
      const facts = cloudTrailFacts(event, settings, ({ outside: away }) => (away ? 'critical' : 'high'));
      return render(texts, texts.rootActivity(facts), facts, cloudTrailLines(texts, facts));
    }
    case 'sign-in-without-mfa': {
      const facts = cloudTrailFacts(event, settings, () => 'medium');
      return render(texts, texts.signInWithoutMfa(facts), facts, cloudTrailLines(texts, facts));
    }
    case 'tamper': {
      const facts = cloudTrailFacts(event, settings, ({ error }) => (error ? 'medium' : 'high'));
      return render(texts, texts.tamper(request.area, facts), facts, cloudTrailLines(texts, facts));
    }
    case 'unused-region-compute': {
      const facts = { ...cloudTrailFacts(event, settings, ({ error }) => (error ? 'high' : 'critical')), outsideAllowedRegions: true };
      return render(texts, texts.unusedRegionCompute(facts), facts, cloudTrailLines(texts, facts));
    }
    case 'guardduty-finding': {
      const resource = record(detail.resource);
      const score = Number(detail.severity);
      const region = text(detail.region) ?? text(event.region);
      const accessKey = record(resource.accessKeyDetails);
      const facts = {
        account: text(detail.accountId) ?? text(event.account) ?? settings.accountId,
        region,
        time: text(detail.updatedAt) ?? text(event.time),
        severity: Number.isFinite(score) ? severityOf(score) : 'high',
        outsideAllowedRegions: outside(region, undefined, settings),
        allowedRegions: settings.allowedRegions,
        findingType: text(detail.type) ?? '?',
        findingId: text(detail.id),
        title: text(detail.title),
        score: Number.isFinite(score) ? score : undefined,
        instanceId: text(record(resource.instanceDetails).instanceId),
        accessKeyId: text(accessKey.accessKeyId),
        userName: text(accessKey.userName),
      } as const;
      const lines = [
        line(texts.labels.account, facts.account),
        line(texts.labels.region, facts.region),
        line(texts.labels.time, when(facts.time)),
        line(texts.labels.severity, `${texts.severity[facts.severity]}${facts.score !== undefined ? ` (${facts.score.toFixed(1)})` : ''}`),
        line(texts.labels.finding, facts.findingType),
        line(texts.labels.resource, facts.instanceId ?? (facts.accessKeyId ? `${facts.accessKeyId}${facts.userName ? ` (${facts.userName})` : ''}` : undefined)),
      ];
      return render(texts, texts.guardDutyFinding(facts), facts, lines);
    }
    case 'config-non-compliance': {
      const region = text(event.region) ?? text(detail.awsRegion);
      const facts = {
        account: text(event.account) ?? text(detail.awsAccountId) ?? settings.accountId,
        region,
        time: text(event.time),
        severity: 'medium',
        outsideAllowedRegions: outside(region, undefined, settings),
        allowedRegions: settings.allowedRegions,
        rule: text(detail.configRuleName) ?? '?',
        resourceType: text(detail.resourceType),
        resourceId: text(detail.resourceId),
      } as const;
      const lines = [
        line(texts.labels.account, facts.account),
        line(texts.labels.region, facts.region),
        line(texts.labels.time, when(facts.time)),
        line(texts.labels.rule, facts.rule),
        line(texts.labels.resource, [facts.resourceType, facts.resourceId].filter(Boolean).join(' ') || undefined),
      ];
      return render(texts, texts.configNonCompliance(facts), facts, lines);
    }
    case 'delivery-failure': {
      const region = text(event.region);
      const facts = {
        account: text(event.account) ?? settings.accountId,
        region,
        time: text(event.time),
        severity: 'high',
        outsideAllowedRegions: false,
        allowedRegions: settings.allowedRegions,
        alarmName: text(detail.alarmName),
      } as const;
      const lines = [line(texts.labels.account, facts.account), line(texts.labels.region, facts.region), line(texts.labels.time, when(facts.time)), line(texts.labels.alarm, facts.alarmName)];
      return render(texts, texts.deliveryFailure(facts), facts, lines);
    }
    default:
      throw new Error(`unknown alert ${JSON.stringify((request as { alert?: unknown }).alert)}`);
  }
}

/**
 * Formats a message AWS Budgets or Cost Anomaly Detection published to the intake topic. What it
 * does not recognise goes on as AWS wrote it, under a subject of its own.
 */
export function formatAwsMessage(message: string, awsSubject: string | undefined, settings: FormatterSettings, texts: AlertTexts): FormattedAlert {
  let parsed: unknown;
  try {
    parsed = JSON.parse(message);
  } catch {
    parsed = undefined;
  }
  const anomaly = record(parsed);
  if (text(anomaly.anomalyId)) return formatAnomaly(anomaly, settings, texts);
  const budget = budgetFacts(message, settings);
  if (budget) {
    const lines = [
      line(texts.labels.account, budget.account),
      line(texts.labels.budget, `${budget.budgetName}${budget.limit ? ` (${budget.limit})` : ''}`),
      line(texts.labels.amount, budget.amount ? `${budget.amount} (${texts.budgetKind[budget.kind]})` : undefined),
    ];
    return render(texts, texts.budget(budget), budget, lines);
  }
  const facts: AlertFacts = { account: settings.accountId, severity: 'medium', outsideAllowedRegions: false, allowedRegions: settings.allowedRegions };
  return render(texts, texts.otherAwsMessage(settings.accountId, awsSubject), facts, [], message);
}

/** The fields of AWS Budgets' notification text ("Budget Name: ...", "ACTUAL Amount: $85.12"). */
function budgetFacts(message: string, settings: FormatterSettings): BudgetFacts | undefined {
  const field = (name: string) => message.match(new RegExp(`^[ \\t]*${name}:[ \\t]*(.+?)[ \\t]*$`, 'mi'))?.[1];
  const budgetName = field('Budget Name');
  if (!budgetName) return undefined;
  const kind = /FORECAST/i.test(field('Alert Type') ?? '') ? 'FORECASTED' : 'ACTUAL';
  const amount = field(`${kind} Amount`) ?? field('ACTUAL Amount') ?? field('FORECASTED Amount');
  const limit = field('Budgeted Amount');
  const numeric = (value: string | undefined) => Number((value ?? '').replace(/[^0-9.]/g, ''));
  const over = amount && limit && numeric(amount) >= numeric(limit);
  return {
    account: message.match(/AWS Account:?\s*(\d{12})/i)?.[1] ?? settings.accountId,
    severity: over ? 'high' : 'medium',
    outsideAllowedRegions: false,
    allowedRegions: settings.allowedRegions,
    budgetName,
    kind,
    threshold: field('Alert Threshold')?.replace(/^[>=<\s]+/, ''),
    amount,
    limit,
  };
}

function formatAnomaly(anomaly: Json, settings: FormatterSettings, texts: AlertTexts): FormattedAlert {
  const impact = record(anomaly.impact);
  const causes = (Array.isArray(anomaly.rootCauses) ? anomaly.rootCauses : []).map(record).map((cause) => ({
    service: text(cause.service),
    region: text(cause.region),
    usageType: text(cause.usageType),
  }));
  const away = causes.find((cause) => outside(cause.region, undefined, settings))?.region;
  const value = Number(impact.totalImpact ?? impact.maxImpact);
  const facts: AnomalyFacts = {
    account: text(anomaly.accountId) ?? settings.accountId,
    region: away ?? causes[0]?.region,
    time: text(anomaly.anomalyStartDate),
    severity: away ? 'critical' : 'high',
    outsideAllowedRegions: away !== undefined,
    allowedRegions: settings.allowedRegions,
    impact: Number.isFinite(value) ? value.toFixed(2) : undefined,
    causes,
    link: text(anomaly.anomalyDetailsLink),
    started: text(anomaly.anomalyStartDate),
  };
  const lines = [
    line(texts.labels.account, facts.account),
    line(texts.labels.time, when(facts.started)),
    line(texts.labels.amount, facts.impact ? `+$${facts.impact}` : undefined),
    ...causes.slice(0, 3).map((cause, index) =>
      line(index === 0 ? texts.labels.causes : ' '.repeat(texts.labels.causes.length), [cause.service, cause.region, cause.usageType].filter(Boolean).join(', ') || undefined),
    ),
  ];
  return render(texts, texts.costAnomaly(facts), facts, lines);
}

/** The e-mail for input that could not be formatted: the raw input, unchanged, under a plain subject. */
export function unformattedAlert(input: unknown, error: unknown, settings: FormatterSettings, texts: AlertTexts): FormattedAlert {
  const reason = error instanceof Error ? error.message : String(error);
  let raw: string;
  try {
    raw = typeof input === 'string' ? input : JSON.stringify(input, null, 2);
  } catch {
    raw = String(input);
  }
  const facts: AlertFacts = { account: settings.accountId, severity: 'high', outsideAllowedRegions: false, allowedRegions: settings.allowedRegions };
  try {
    return render(texts, texts.unformatted(settings.accountId, reason.slice(0, 200)), facts, [], raw);
  } catch {
    return { subject: `AWS baseline alert, account ${settings.accountId}`, message: raw };
  }
}

const line = (label: string, value: string | undefined): string | undefined => (value === undefined ? undefined : `${label}: ${value}`);

/** ISO times as a person reads them: "2026-12-01 03:14:15 UTC". */
function when(time: string | undefined): string | undefined {
  if (!time) return undefined;
  const match = time.match(/^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2})(?:\.\d+)?Z$/);
  return match ? `${match[1]} ${match[2]} UTC` : time;
}

function cloudTrailLines(texts: AlertTexts, facts: AlertFacts): Array<string | undefined> {
  const agent = facts.userAgent && facts.userAgent.length > 80 ? `${facts.userAgent.slice(0, 77)}...` : facts.userAgent;
  return [
    line(texts.labels.account, facts.account),
    line(texts.labels.region, facts.region),
    line(texts.labels.time, when(facts.time)),
    line(texts.labels.action, facts.eventName ? `${facts.eventName}${facts.service ? ` (${facts.service})` : ''}` : undefined),
    line(texts.labels.who, facts.who),
    line(texts.labels.from, facts.sourceIp ? `${facts.sourceIp}${agent ? ` (${agent})` : ''}` : undefined),
    line(texts.labels.mfaUsed, facts.mfaUsed),
    line(texts.labels.refused, facts.error),
  ];
}

/** SNS takes at most 256 KB; the raw part is cut well before. */
const RAW_LIMIT = 200_000;

function render(texts: AlertTexts, words: AlertWords, facts: AlertFacts, lines: ReadonlyArray<string | undefined>, raw?: string): FormattedAlert {
  const body = [words.headline, ''];
  const present = lines.filter((entry): entry is string => entry !== undefined);
  if (present.length > 0) body.push(...present, '');
  if (facts.outsideAllowedRegions && facts.region) body.push(texts.outsideAllowedRegions(facts.region, facts.allowedRegions), '');
  if (words.steps.length > 0) body.push(...stepLines(texts, words.steps), '');
  if (raw !== undefined) body.push('----', raw.length > RAW_LIMIT ? `${raw.slice(0, RAW_LIMIT)}\n...` : raw, '----', '');
  body.push(texts.footer(facts.account));
  return { subject: subjectLine(`${texts.subjectTag(facts.severity)}${words.subject}`), message: body.join('\n') };
}
