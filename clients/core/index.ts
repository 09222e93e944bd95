export * from './errors';
export * from './http';
export * from './redact';
export * from './response';
export * from './transport-errors';
export * from './proxy';
