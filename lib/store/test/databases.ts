// The databases the store's contract tests run against: embedded PGlite and a real PostgreSQL.
// Each PostgreSQL run gets a fresh database on the server named by SLUICE_TEST_DATABASE_URL
// (default: the local server's `test` database) and drops it afterwards.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { randomBytes } from "node:crypto";
import pg from "pg";
import type { OpenDatabaseOptions } from "../client.ts";

export const adminDatabaseUrl = process.env.SLUICE_TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";

export interface TestDatabase {
  options: OpenDatabaseOptions;
  drop(): Promise<void>;
}

export const testDatabases: Record<"pglite" | "postgres", () => Promise<TestDatabase>> = {
  async pglite() {
    const dataDir = mkdtempSync(path.join(tmpdir(), "sluice-store-"));
    return { options: { dataDir }, drop: async () => rmSync(dataDir, { recursive: true, force: true }) };
  },
  async postgres() {
    const name = `sluice_test_${randomBytes(6).toString("hex")}`;
    await adminQuery(`CREATE DATABASE ${name}`);
    const url = new URL(adminDatabaseUrl);
    url.pathname = `/${name}`;
    return {
      options: { dataDir: tmpdir(), databaseUrl: url.toString() },
      drop: () => adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
    };
  },
};

async function adminQuery(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminDatabaseUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
