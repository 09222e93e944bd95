export * from './errors';
export * from './http';
export * from './json-client';
export * from './paginate';
export * from './proxy';
export * from './redact';
export * from './response';
export * from './transport-errors';
