/**
 * EventBridge event-pattern matching for the operators the baseline uses (exact values,
 * `exists`, `anything-but`, `prefix`), after the rules in the EventBridge user guide
 * ("Creating event patterns"). No offline matcher from AWS exists; an operator this does not
 * know throws, so a pattern it cannot judge fails its test rather than passing.
 */
type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export function matchesPattern(pattern: Record<string, unknown>, event: Record<string, unknown>): boolean {
  return Object.entries(pattern).every(([key, rule]) => matchesField(rule, event[key], key));
}

function matchesField(rule: unknown, value: unknown, key: string): boolean {
  if (Array.isArray(rule)) {
    // A field matches when any matcher matches; an array in the event matches when any element does.
    const values = Array.isArray(value) ? value : [value];
    return rule.some((matcher) => values.some((candidate) => matchesValue(matcher, candidate, value === undefined, key)));
  }
  if (rule !== null && typeof rule === 'object') {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
    return matchesPattern(rule as Record<string, unknown>, value as Record<string, unknown>);
  }
  throw new Error(`event pattern field ${key} must be an array or an object, not ${JSON.stringify(rule)}`);
}

function matchesValue(matcher: unknown, value: unknown, absent: boolean, key: string): boolean {
  if (matcher === null || typeof matcher !== 'object') return !absent && value === matcher;
  const [operator, operand, ...extra] = Object.entries(matcher as Record<string, Json>).flat();
  if (extra.length > 0) throw new Error(`event pattern field ${key}: one operator per matcher, got ${JSON.stringify(matcher)}`);
  switch (operator) {
    case 'exists':
      return operand === !absent;
    case 'anything-but': {
      if (absent) return false;
      const excluded = Array.isArray(operand) ? operand : [operand];
      if (excluded.some((item) => item !== null && typeof item === 'object')) throw new Error(`unsupported anything-but in ${key}`);
      return !excluded.includes(value as Json);
    }
    case 'prefix':
      return !absent && typeof value === 'string' && typeof operand === 'string' && value.startsWith(operand);
    default:
      throw new Error(`event pattern field ${key}: operator ${String(operator)} is not supported by this matcher`);
  }
}
