export * from './apprise-cli';
export * from './dispatcher';
export * from './smtp';
export * from './types';
export * from './ledger';
