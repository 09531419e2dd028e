/**
 * EventBridge event-pattern matching for the operators the baseline uses (exact values,
 * `exists`, `anything-but`, `prefix` (also with `equals-ignore-case`), `numeric`, `$or`, and objects
 * inside arrays, which match when any element does), after the rules in the EventBridge user guide
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
    // EventBridge flattens arrays: a field inside a list of objects matches when it matches in any of them.
    const objects = (Array.isArray(value) ? value : [value]).filter((item) => item !== null && typeof item === 'object' && !Array.isArray(item));
    return objects.some((item) => matchesPattern(rule as Record<string, unknown>, item as Record<string, unknown>));
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
    case 'prefix': {
      if (absent || typeof value !== 'string') return false;
      if (typeof operand === 'string') return value.startsWith(operand);
      const ignoringCase = operand !== null && typeof operand === 'object' && !Array.isArray(operand) ? operand['equals-ignore-case'] : undefined;
      if (typeof ignoringCase !== 'string' || Object.keys(operand as object).length !== 1) throw new Error(`event pattern field ${key}: unsupported prefix ${JSON.stringify(operand)}`);
      return value.toLowerCase().startsWith(ignoringCase.toLowerCase());
    }
    default:
      throw new Error(`event pattern field ${key}: operator ${String(operator)} is not supported by this matcher`);
  }
}
