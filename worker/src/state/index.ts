export { EncryptedValue, StateKey, StateKeyError } from './crypto';
export { EventLog, EventLogOptions, EventQuery, MediastackEvent, NewEvent } from './events';
export { clearRegisteredSecrets, isSecretKeyName, registerSecret, scrubText, scrubValue } from './scrub';
export { StateError, StateStore, StateStoreOptions, StateTransaction } from './store';
