import type { ArrClient } from '../../../clients/arr/client';
import type { ArrLibraryClient, ArrLibraryItem } from '../../../clients/arr/library';
import type { SessionProvider } from '../router';
import type { ApiSession } from '../session';

/**
 * The resources every Servarr node offers the same way (system, tags, and for the library apps
 * quality profiles, root folders, queue removal, command status) live here once; each app's
 * node lists them among its own resources. Any app's session fits: its client extends these.
 */
export type ArrSessionProvider = SessionProvider<ApiSession<ArrClient>>;
export type ArrLibrarySessionProvider = SessionProvider<ApiSession<ArrLibraryClient<ArrLibraryItem>>>;
