// The host side of script bindings: untrusted arguments are checked, fetch keeps to the
// allow-list, and a test run's bindings have no side effects.
import { describe, expect, it } from "vitest";
import { callBinding, dryRunBindings, hostAllowed, liveBindings, type HookBindingTargets, type PublishRequest } from "./bindings.ts";
import type { HookLog } from "./sandbox.ts";
import { ObjectStore } from "./object-store.ts";

function targets() {
  const kv = new Map<string, string>();
  const published: PublishRequest[] = [];
  const points: Array<[string[], number[]]> = [];
  const t: HookBindingTargets = {
    kv: {
      get: async (key) => kv.get(key) ?? null,
      put: async (key, value) => void kv.set(key, value),
      delete: async (key) => void kv.delete(key),
      list: async ({ prefix = "" }) => ({ keys: [...kv.keys()].filter((k) => k.startsWith(prefix)).sort() }),
    },
    writeDataPoint: (labels, metrics) => (labels.length > 20 ? "too many labels" : void points.push([labels, metrics])),
    publish: (request) => (request.topic.includes("#") ? "wildcards are not allowed in topic names" : void published.push(request)),
    objects: new ObjectStore("/nonexistent/sluice-objects"),
    fetchAllowList: async () => ["api.example.com", "*.internal.example"],
  };
  return { t, kv, published, points };
}

describe("hostAllowed", () => {
  it.each([
    ["api.example.com", true],
    ["API.example.com", true],
    ["evil.com", false],
    ["api.example.com.evil.com", false],
    ["a.internal.example", true],
    ["internal.example", false],
    ["xinternal.example", false],
  ])("%s → %s", (host, allowed) => {
    expect(hostAllowed(host, ["api.example.com", "*.internal.example"])).toBe(allowed);
  });
});

describe("live bindings", () => {
  it("answers KV calls in the Workers KV shape", async () => {
    const { t } = targets();
    const bindings = liveBindings(t);
    await callBinding(bindings, "kv.put", ["b", "2"]);
    await callBinding(bindings, "kv.put", ["a", "1"]);
    expect(await callBinding(bindings, "kv.get", ["a"])).toEqual({ ok: true, value: "1" });
    expect(await callBinding(bindings, "kv.list", [{}])).toEqual({ ok: true, value: { keys: [{ name: "a" }, { name: "b" }], list_complete: true } });
  });

  it("refuses ill-typed arguments with a message, never throws", async () => {
    const bindings = liveBindings(targets().t);
    expect(await callBinding(bindings, "kv.put", [{ not: "a string" }, "v"])).toEqual({ ok: false, error: "key must be a string" });
    expect(await callBinding(bindings, "publish", ["t", 42])).toEqual({ ok: false, error: "publish: payload must be a string, a Uint8Array or an ArrayBuffer" });
    expect(await callBinding(bindings, "publish", ["t", "x", { qos: 3 }])).toEqual({ ok: false, error: "publish: qos must be 0, 1 or 2" });
    expect(await callBinding(bindings, "publish", ["a/#", "x"])).toEqual({ ok: false, error: "publish to a/#: wildcards are not allowed in topic names" });
    expect(await callBinding(bindings, "nope", [])).toEqual({ ok: false, error: "unknown binding nope" });
    expect(await callBinding(undefined, "kv.get", ["a"])).toEqual({ ok: false, error: "kv.get is not available here" });
  });

  it("fetches nothing outside the allow-list, and only over http(s)", async () => {
    const bindings = liveBindings(targets().t);
    expect(await callBinding(bindings, "fetch", ["http://169.254.169.254/latest/meta-data"])).toEqual({ ok: false, error: "fetch: 169.254.169.254 is not in this broker's fetch allow-list" });
    expect(await callBinding(bindings, "fetch", ["file:///etc/passwd"])).toEqual({ ok: false, error: "fetch: only http and https URLs are allowed, not file:" });
  });
});

describe("dry-run bindings (test runs)", () => {
  it("reads through to KV but keeps writes in the run, and notes publishes and data points instead of doing them", async () => {
    const { t, kv, published, points } = targets();
    kv.set("seen", "live value");
    const notes: HookLog[] = [];
    const bindings = dryRunBindings(liveBindings(t), notes);
    expect(await callBinding(bindings, "kv.get", ["seen"])).toEqual({ ok: true, value: "live value" });
    await callBinding(bindings, "kv.put", ["seen", "test value"]);
    expect(await callBinding(bindings, "kv.get", ["seen"])).toEqual({ ok: true, value: "test value" });
    await callBinding(bindings, "kv.delete", ["seen"]);
    expect(await callBinding(bindings, "kv.get", ["seen"])).toEqual({ ok: true, value: null });
    expect(kv.get("seen")).toBe("live value");
    await callBinding(bindings, "publish", ["out", "x", { qos: 1 }]);
    await callBinding(bindings, "metrics.writeDataPoint", [{ labels: ["a"], metrics: [1] }]);
    expect(await callBinding(bindings, "fetch", ["https://api.example.com/"])).toEqual({ ok: false, error: "fetch is off in test runs (https://api.example.com/)" });
    expect(published).toEqual([]);
    expect(points).toEqual([]);
    expect(notes.map((n) => n.message)).toEqual(["(test run) not published: out (1 bytes, QoS 1)", '(test run) data point not written: {"labels":["a"],"metrics":[1]}']);
  });
});
