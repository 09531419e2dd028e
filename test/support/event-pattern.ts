/**
 * EventBridge event-pattern matching for the operators the baseline uses (exact values,
 * `exists`, `anything-but`, `prefix`, `numeric`, `$or`), after the rules in the EventBridge user guide
 * ("Creating event patterns"). No offline matcher from AWS exists; an operator this does not
 * know throws, so a pattern it cannot judge fails its test rather than passing.
 */
type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export function matchesPattern(pattern: Record<string, unknown>, event: Record<string, unknown>): boolean {
  return Object.entries(pattern).every(([key, rule]) => {
    if (key === '$or') {
      // Any one of the alternative patterns, applied at this level of the event.
      if (!Array.isArray(rule) || rule.length < 2) throw new Error('$or must list at least two patterns');
      return rule.some((alternative) => matchesPattern(alternative as Record<string, unknown>, event));
    }
    return matchesField(rule, event[key], key);
  });
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
    case 'numeric': {
      if (absent || typeof value !== 'number' || !Array.isArray(operand) || operand.length % 2 !== 0) return false;
      const comparisons: Record<string, (a: number, b: number) => boolean> = {
        '<': (a, b) => a < b,
        '<=': (a, b) => a <= b,
        '=': (a, b) => a === b,
        '>=': (a, b) => a >= b,
        '>': (a, b) => a > b,
      };
      for (let index = 0; index < operand.length; index += 2) {
        const compare = comparisons[operand[index] as string];
        if (!compare) throw new Error(`event pattern field ${key}: unknown numeric comparison ${String(operand[index])}`);
        if (!compare(value, operand[index + 1] as number)) return false;
      }
      return true;
    }
    case 'prefix':
      return !absent && typeof value === 'string' && typeof operand === 'string' && value.startsWith(operand);
    default:
      throw new Error(`event pattern field ${key}: operator ${String(operator)} is not supported by this matcher`);
  }
}
