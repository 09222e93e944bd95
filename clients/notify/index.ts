export * from './apprise-api';
export * from './format';
export * from './secrets';
export * from './types';
export * from './webhook';
