export { MamClients, createMamClients } from './clients';
export { MamCalls, MamEngine, MamEngineOptions, MamNotifier, deliverySummary, failureSummary } from './engine';
export { cookieFingerprint, cookieTail } from './fingerprint';
export { KeyedMutex, mapWithConcurrency } from './locks';
export { buildMamMessage, noticeEvent } from './messages';
export { MamService, MamServiceOptions, SessionView, WorkflowOutcome } from './service';
export { ConfigAdoption, CookieSource, MamSessionRecord, MamSessionState, StoredCookie } from './state';
export { daysBetween, localDay, sessionExpiry } from './time';
