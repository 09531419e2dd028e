export * from './construct';
