export * from './construct';
export * from './spend-circuit-breaker';
