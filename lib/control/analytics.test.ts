// The analytics writer (buffering, flushing, bounds, failures) and the query service's refusals,
// on a real PGlite store (the store contract tests cover PostgreSQL as well).
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { createLogger } from "../logger.ts";
import { openStore, type Store } from "../store/index.ts";
import type { AnalyticsPoint } from "../store/repositories/analytics.ts";
import { testDatabases, type TestDatabase } from "../store/test/databases.ts";
import { AnalyticsWriter, analyticsLimits, analyticsService } from "./analytics.ts";
import { ControlError } from "./errors.ts";

let database: TestDatabase;
let store: Store;
let brokerId: string;
const log = createLogger("silent");
beforeAll(async () => {
  database = await testDatabases.pglite();
  store = await openStore(database.options);
  brokerId = (await store.brokers.ensure("shop", "pay")).id;
});
afterAll(async () => {
  await store?.close();
  await database?.drop();
});
afterEach(() => void vi.useRealTimers());

const point = (labels: string[] = ["a"], metrics: number[] = [1]) => ({ brokerId, namespace: "shop", broker: "pay", labels, metrics });

/** A store whose appends are recorded, or fail. */
function fakeStore(fail = false) {
  const appended: AnalyticsPoint[][] = [];
  const append = async (points: AnalyticsPoint[]) => {
    if (fail) throw new Error("disk full");
    appended.push(points);
  };
  return { appended, analytics: { append, query: store.analytics.query } };
}

describe("AnalyticsWriter", () => {
  it("refuses points that do not fit the table, with the reason", () => {
    const writer = new AnalyticsWriter(fakeStore(), log);
    expect(writer.write(point(Array(21).fill("x")))).toBe("labels must be an array of at most 20 strings");
    expect(writer.write(point(["x".repeat(257)]))).toBe("each label must be a string of at most 256 characters");
    expect(writer.write(point([1 as unknown as string]))).toBe("each label must be a string of at most 256 characters");
    expect(writer.write(point([], Array(21).fill(1)))).toBe("metrics must be an array of at most 20 numbers");
    expect(writer.write(point([], [Number.NaN]))).toBe("each metric must be a finite number");
    expect(writer.write(point([], [Infinity]))).toBe("each metric must be a finite number");
    expect(writer.write(point(["a\u0000b"]))).toBe("labels must not contain NUL characters or unpaired surrogates");
    expect(writer.write(point(["\ud800"]))).toBe("labels must not contain NUL characters or unpaired surrogates");
    expect(writer.write(point(["emoji 😀 is fine"]))).toBeUndefined();
    expect(writer.write(point(Array(20).fill("x".repeat(256)), Array(20).fill(-1.5)))).toBeUndefined();
  });

  it("buffers points and writes them in one append per flush, stamped when written", async () => {
    const fake = fakeStore();
    const writer = new AnalyticsWriter(fake, log);
    const labels = ["eu"];
    const before = Date.now();
    writer.write(point(labels, [1]));
    writer.write(point(["us"], [2]));
    labels.push("changed later"); // the writer keeps its own copy
    expect(fake.appended).toEqual([]);
    await writer.flush();
    await writer.flush(); // nothing pending: no empty append
    expect(fake.appended).toHaveLength(1);
    expect(fake.appended[0].map((p) => [p.labels, p.metrics])).toEqual([[["eu"], [1]], [["us"], [2]]]);
    expect(fake.appended[0][0].at.getTime()).toBeGreaterThanOrEqual(before);
  });

  it("holds at most 10,000 points, dropping and counting the rest", async () => {
    const fake = fakeStore();
    const writer = new AnalyticsWriter(fake, log);
    for (let i = 0; i < analyticsLimits.maxPending + 5; i++) expect(writer.write(point())).toBeUndefined();
    expect(writer.dropped).toBe(5);
    await writer.flush();
    expect(fake.appended[0]).toHaveLength(analyticsLimits.maxPending);
    writer.write(point());
    expect(writer.dropped).toBe(5); // room again once flushed
  });

  it("logs and counts a failed write without throwing, and goes on", async () => {
    const writer = new AnalyticsWriter(fakeStore(true), log);
    const logged = vi.spyOn(log, "error");
    writer.write(point());
    writer.write(point());
    await expect(writer.flush()).resolves.toBeUndefined();
    expect(writer.failed).toBe(2);
    expect(logged).toHaveBeenCalledWith(expect.objectContaining({ points: 2 }), expect.stringContaining("writing analytics points failed"));
    expect(writer.write(point())).toBeUndefined();
  });

  it("flushes every second once started, and what is left on stop", async () => {
    vi.useFakeTimers();
    const fake = fakeStore();
    const writer = new AnalyticsWriter(fake, log);
    writer.start();
    writer.write(point(["first"]));
    await vi.advanceTimersByTimeAsync(analyticsLimits.flushIntervalMs);
    expect(fake.appended.map((batch) => batch.map((p) => p.labels[0]))).toEqual([["first"]]);
    writer.write(point(["last"]));
    await writer.stop();
    expect(fake.appended.map((batch) => batch.map((p) => p.labels[0]))).toEqual([["first"], ["last"]]);
    writer.write(point(["after stop"]));
    await vi.advanceTimersByTimeAsync(5 * analyticsLimits.flushIntervalMs);
    expect(fake.appended).toHaveLength(2);
  });

  it("lands points in the store, where the query API reads them", async () => {
    const writer = new AnalyticsWriter(store, log);
    writer.write(point(["pay.shop", "eu", "m1"], [3]));
    writer.write(point(["pay.shop", "eu", "m1"], [4]));
    await writer.stop();
    expect((await analyticsService(store).query("select label_2, sum(metric_1) from telemetry group by 1")).rows).toEqual([["eu", 7]]);
  });
});

describe("analyticsService.query", () => {
  const refusal = (sql: string) => analyticsService(store).query(sql).then(() => "ran", (error: unknown) => (error instanceof ControlError ? `${error.code}: ${error.message}` : String(error)));

  it("refuses statements other than one SELECT before reaching the database", async () => {
    for (const sql of ["INSERT INTO analytics.telemetry (namespace) VALUES ('x')", "UPDATE users SET role = 'admin'", "DELETE FROM users", "DROP TABLE users"]) {
      expect(await refusal(sql)).toBe("invalid: only a SELECT query (or WITH … SELECT) is allowed");
    }
    expect(await refusal("SELECT 1; DROP TABLE users")).toBe("invalid: only one statement is allowed");
  });

  it("passes on the database's refusals as invalid, with its message", async () => {
    expect(await refusal("SELECT * FROM users")).toBe('invalid: relation "users" does not exist (queries may read only the view telemetry)');
    expect(await refusal("SELECT * FROM public.users")).toBe("invalid: permission denied for table users (queries may read only the view telemetry)");
    expect(await refusal("SELECT pg_read_file('/etc/passwd')")).toBe("invalid: permission denied for function pg_read_file (queries may read only the view telemetry)");
    expect(await refusal("WITH gone AS (DELETE FROM analytics.telemetry RETURNING *) SELECT * FROM gone")).toMatch(/^invalid: (WITH clause containing a data-modifying statement must be at the top level|permission denied for view telemetry)/);
    expect(await refusal("SELECT nosuchcolumn FROM telemetry")).toBe('invalid: column "nosuchcolumn" does not exist');
    expect(await store.users.list()).toBeDefined(); // and the tables are all still there
  });

  it("returns at most 1,000 rows and says when there were more", async () => {
    const result = await analyticsService(store).query("select generate_series(1, 1001) as n");
    expect([result.rows.length, result.rows.at(-1), result.truncated]).toEqual([1000, [1000], true]);
  });
});
