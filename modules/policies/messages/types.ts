/** The areas tamper alerts are grouped in (one EventBridge rule each). */
export type TamperArea = 'logging' | 'detection' | 'alertPath' | 'identity';

/**
 * Every alert's text in one language. Each is an EventBridge input template: `<name>` placeholders
 * are filled from the event (the paths live with the patterns, in events.ts, and are the same in
 * every language). Adding a language is one file beside this one, listed in index.ts.
 */
export interface AlertTexts {
  readonly rootActivity: string;
  readonly signInWithoutMfa: string;
  readonly guardDutyFinding: string;
  readonly configNonCompliance: string;
  /** The area's name inside a tamper alert. */
  readonly tamperAreas: Readonly<Record<TamperArea, string>>;
  readonly tamper: (area: string) => string;
  readonly unusedRegionCompute: string;
  readonly deliveryFailure: string;
}
