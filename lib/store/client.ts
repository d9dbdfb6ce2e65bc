// Opens the database: PGlite in the data dir by default, PostgreSQL when DATABASE_URL is set.
// Migrations run on every open, so a new version upgrades the schema at start.
import { mkdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import * as schema from "./schema.ts";

export type Database = PgDatabase<PgQueryResultHKT, typeof schema>;

export interface DatabaseHandle {
  kind: "pglite" | "postgres";
  db: Database;
  close(): Promise<void>;
}

export interface OpenDatabaseOptions {
  /** Where PGlite keeps its files (`<dataDir>/pg`); ignored with a database URL. */
  dataDir: string;
  databaseUrl?: string;
}

const migrationsFolder = path.join(path.dirname(fileURLToPath(import.meta.url)), "migrations");

export async function openDatabase(options: OpenDatabaseOptions): Promise<DatabaseHandle> {
  // Each backend's driver is loaded only when used: PGlite alone costs ~40 MB of memory.
  if (options.databaseUrl) {
    const [{ default: pg }, { drizzle: drizzlePg }, { migrate: migratePg }] = await Promise.all([
      import("pg"),
      import("drizzle-orm/node-postgres"),
      import("drizzle-orm/node-postgres/migrator"),
    ]);
    const pool = new pg.Pool({ connectionString: options.databaseUrl, max: 5 });
    // An idle connection the server ends (a restart, an administrator) is dropped by the pool and
    // replaced on next use; without a listener its error would be unhandled and end the process.
    pool.on("error", () => {});
    try {
      const db = drizzlePg({ client: pool, schema });
      await migratePg(db, { migrationsFolder });
      return { kind: "postgres", db: db as unknown as Database, close: () => pool.end() };
    } catch (error) {
      await pool.end();
      throw error;
    }
  }
  const [{ PGlite }, { drizzle: drizzlePglite }, { migrate: migratePglite }] = await Promise.all([
    import("@electric-sql/pglite"),
    import("drizzle-orm/pglite"),
    import("drizzle-orm/pglite/migrator"),
  ]);
  const dir = path.join(options.dataDir, "pg");
  mkdirSync(dir, { recursive: true });
  const client = await PGlite.create(dir);
  try {
    const db = drizzlePglite({ client, schema });
    await migratePglite(db, { migrationsFolder });
    // PGlite runs queries on the server's thread and cannot stop them at a timeout: no
    // analytics query may sleep (its cost estimate would not show it). The server never sleeps in SQL.
    await client.exec("revoke execute on function pg_sleep(double precision), pg_sleep_for(interval), pg_sleep_until(timestamptz) from public");
    return { kind: "pglite", db: db as unknown as Database, close: () => client.close() };
  } catch (error) {
    await client.close();
    throw error;
  }
}
