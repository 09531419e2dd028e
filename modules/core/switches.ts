/**
 * Switches that are all on unless switched off: each key takes the first value a layer sets
 * (e.g. the account's own, then the top level), else true.
 */
export function onUnlessSwitchedOff<K extends string>(
  keys: readonly K[],
  ...layers: Array<Partial<Readonly<Record<K, boolean>>> | undefined>
): Record<K, boolean> {
  return Object.fromEntries(keys.map((key) => [key, layers.find((layer) => layer?.[key] !== undefined)?.[key] ?? true])) as Record<K, boolean>;
}
