// The store: one database (PGlite or PostgreSQL) behind repositories, one per concern.
import { openDatabase, type OpenDatabaseOptions } from "./client.ts";
import { brokerRepository } from "./repositories/brokers.ts";
import { retainedRepository } from "./repositories/retained.ts";
import { sessionRepository } from "./repositories/sessions.ts";

export type Store = Awaited<ReturnType<typeof openStore>>;

export async function openStore(options: OpenDatabaseOptions) {
  const handle = await openDatabase(options);
  return {
    kind: handle.kind,
    db: handle.db,
    brokers: brokerRepository(handle.db),
    retained: retainedRepository(handle.db),
    sessions: sessionRepository(handle.db),
    close: handle.close,
  };
}
