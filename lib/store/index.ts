// The store: one database (PGlite or PostgreSQL) behind repositories, one per concern.
import { openDatabase, type OpenDatabaseOptions } from "./client.ts";
import { analyticsRepository } from "./repositories/analytics.ts";
import { apiTokenRepository } from "./repositories/api-tokens.ts";
import { auditRepository } from "./repositories/audit.ts";
import { brokerRepository } from "./repositories/brokers.ts";
import { credentialRepository } from "./repositories/credentials.ts";
import { hookRepository } from "./repositories/hooks.ts";
import { kvRepository } from "./repositories/kv.ts";
import { namespaceRepository } from "./repositories/namespaces.ts";
import { retainedRepository } from "./repositories/retained.ts";
import { sessionRepository } from "./repositories/sessions.ts";
import { userRepository } from "./repositories/users.ts";

export type Store = Awaited<ReturnType<typeof openStore>>;

export async function openStore(options: OpenDatabaseOptions) {
  const handle = await openDatabase(options);
  return {
    kind: handle.kind,
    db: handle.db,
    namespaces: namespaceRepository(handle.db),
    brokers: brokerRepository(handle.db),
    credentials: credentialRepository(handle.db),
    hooks: hookRepository(handle.db),
    kv: kvRepository(handle.db),
    analytics: analyticsRepository(handle.db),
    audit: auditRepository(handle.db),
    users: userRepository(handle.db),
    apiTokens: apiTokenRepository(handle.db),
    retained: retainedRepository(handle.db),
    sessions: sessionRepository(handle.db),
    close: handle.close,
  };
}
