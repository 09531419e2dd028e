export * from './construct';
export * from './central-root-access';
