/**
 * A CloudWatch metric alarm, evaluated over a timeline of datapoints after the rules in the
 * CloudWatch user guide ("Using Amazon CloudWatch alarms": evaluation periods, datapoints to alarm,
 * how missing data is treated) for the settings the baseline uses: a statistic of Sum over periods
 * aligned to the period, `missing` or `breaching` missing data, and the four comparison operators.
 * Actions run on a change of state only; a new alarm starts in INSUFFICIENT_DATA. No offline
 * evaluator from AWS exists; a setting this does not know throws, so it cannot pass by accident.
 */
export type AlarmState = 'OK' | 'ALARM' | 'INSUFFICIENT_DATA';

/** The synthesized aws_cloudwatch_metric_alarm's settings this evaluator reads. */
export interface AlarmSettings {
  readonly statistic: string;
  readonly period: number;
  readonly evaluation_periods: number;
  readonly datapoints_to_alarm?: number;
  readonly threshold: number;
  readonly comparison_operator: string;
  readonly treat_missing_data?: string;
  readonly alarm_actions?: readonly string[];
  readonly ok_actions?: readonly string[];
  readonly insufficient_data_actions?: readonly string[];
}

export interface Notification {
  /** Seconds from the start of the timeline. */
  readonly at: number;
  readonly state: AlarmState;
  readonly actions: readonly string[];
}

const COMPARE: Record<string, (value: number, threshold: number) => boolean> = {
  GreaterThanOrEqualToThreshold: (value, threshold) => value >= threshold,
  GreaterThanThreshold: (value, threshold) => value > threshold,
  LessThanThreshold: (value, threshold) => value < threshold,
  LessThanOrEqualToThreshold: (value, threshold) => value <= threshold,
};

/** The alarm's state at `now` (seconds), from the datapoints' times (each a value of 1). */
export function alarmStateAt(alarm: AlarmSettings, datapoints: readonly number[], now: number): AlarmState {
  if (alarm.statistic !== 'Sum') throw new Error(`alarmStateAt: statistic ${alarm.statistic} is not evaluated here`);
  const compare = COMPARE[alarm.comparison_operator];
  if (!compare) throw new Error(`alarmStateAt: comparison ${alarm.comparison_operator} is not evaluated here`);
  const missing = alarm.treat_missing_data ?? 'missing';
  if (missing !== 'missing' && missing !== 'breaching') throw new Error(`alarmStateAt: treat_missing_data ${missing} is not evaluated here`);
  const toAlarm = alarm.datapoints_to_alarm ?? alarm.evaluation_periods;
  // The last complete periods before now, aligned to the period as CloudWatch aligns them.
  const lastEnd = Math.floor(now / alarm.period) * alarm.period;
  const sums: Array<number | undefined> = [];
  for (let index = alarm.evaluation_periods; index >= 1; index--) {
    const start = lastEnd - index * alarm.period;
    const inPeriod = datapoints.filter((time) => time >= start && time < start + alarm.period).length;
    sums.push(inPeriod > 0 ? inPeriod : undefined);
  }
  const present = sums.filter((sum): sum is number => sum !== undefined);
  if (missing === 'missing' && present.length === 0) return 'INSUFFICIENT_DATA';
  const breaching = sums.filter((sum) => (sum === undefined ? missing === 'breaching' : compare(sum, alarm.threshold))).length;
  return breaching >= toAlarm ? 'ALARM' : 'OK';
}

/** Evaluates the alarm every minute from 0 to `until` seconds; the notifications its changes of state send. */
export function notifications(alarm: AlarmSettings, datapoints: readonly number[], until: number): Notification[] {
  const sorted = [...datapoints].sort((a, b) => a - b);
  const sent: Notification[] = [];
  let state: AlarmState = 'INSUFFICIENT_DATA';
  for (let now = 60; now <= until; now += 60) {
    const next = alarmStateAt(alarm, sorted, now);
    if (next === state) continue;
    state = next;
    const actions = next === 'ALARM' ? alarm.alarm_actions : next === 'OK' ? alarm.ok_actions : alarm.insufficient_data_actions;
    if (actions && actions.length > 0) sent.push({ at: now, state: next, actions });
  }
  return sent;
}
