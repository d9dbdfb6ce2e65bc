// PostgreSQL may end an idle connection at any time (a restart, an administrator): the store
// carries on with a new one, and the process does not fall over an unhandled pool error (vitest
// fails the run on one).
import pg from "pg";
import { afterAll, beforeAll, expect, it } from "vitest";
import { openStore, type Store } from "./index.ts";
import { testDatabases, type TestDatabase } from "./test/databases.ts";

let database: TestDatabase;
let store: Store;
beforeAll(async () => {
  database = await testDatabases.postgres();
  store = await openStore(database.options);
});
afterAll(async () => {
  await store?.close();
  await database?.drop();
});

it("keeps working after the server ends its idle connections", async () => {
  await store.brokers.ensure("acme", "plant");
  const name = new URL(database.options.databaseUrl!).pathname.slice(1);
  const admin = new pg.Client({ connectionString: new URL("/postgres", database.options.databaseUrl!).toString() });
  await admin.connect();
  try {
    const { rowCount } = await admin.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1", [name]);
    expect(rowCount).toBeGreaterThan(0);
  } finally {
    await admin.end();
  }
  await new Promise((resolve) => setTimeout(resolve, 100)); // the pool hears of it
  expect((await store.brokers.list()).map((b) => b.name)).toContain("plant");
});
