export * from './client';
export * from './fields';
export * from './library';
export * from './library-types';
export * from './types';
export * from './webhook';
