export * from './client';
export * from './fields';
export * from './types';
