// The console's saved secrets: made once with owner-only permissions, reused across restarts,
// and a new API token when the saved one no longer works.
import { statSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiTokenService } from "../../control/api-tokens.ts";
import { openStore, type Store } from "../../store/index.ts";
import { testDatabases, type TestDatabase } from "../../store/test/databases.ts";
import { consoleSecrets, secretsFileName } from "./secrets.ts";

let database: TestDatabase;
let store: Store;
beforeAll(async () => {
  database = await testDatabases.pglite();
  store = await openStore(database.options);
});
afterAll(async () => {
  await store?.close();
  await database?.drop();
});

describe("consoleSecrets", () => {
  const dataDir = () => database.options.dataDir;
  const file = () => path.join(dataDir(), secretsFileName);

  it("creates a console-scoped token and a session secret, readable by the owner only", async () => {
    const secrets = await consoleSecrets(store, dataDir());
    expect(statSync(file()).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(file(), "utf8"))).toEqual(secrets);
    expect(secrets.nextAuthSecret.length).toBeGreaterThanOrEqual(32);
    const record = await apiTokenService(store).verify(secrets.apiToken);
    expect(record).toMatchObject({ scope: "console", createdBy: "sluice" });
  });

  it("reuses them on the next start", async () => {
    const first = await consoleSecrets(store, dataDir());
    expect(await consoleSecrets(store, dataDir())).toEqual(first);
    expect((await store.apiTokens.list()).filter((t) => t.scope === "console")).toHaveLength(1);
  });

  it("replaces a revoked or unknown token and keeps the session secret", async () => {
    const first = await consoleSecrets(store, dataDir());
    const { id } = (await apiTokenService(store).verify(first.apiToken))!;
    await apiTokenService(store).revoke("test", id);
    const second = await consoleSecrets(store, dataDir());
    expect(second.apiToken).not.toBe(first.apiToken);
    expect(second.nextAuthSecret).toBe(first.nextAuthSecret);
    expect(await apiTokenService(store).verify(second.apiToken)).toBeDefined();

    writeFileSync(file(), JSON.stringify({ ...second, apiToken: "sluice_nothing" }));
    const third = await consoleSecrets(store, dataDir());
    expect(await apiTokenService(store).verify(third.apiToken)).toBeDefined();
  });
});
