import { describe, expect, it } from "vitest";
import { loadSubscriptions, loadTemplates, nextSubscription, removeTemplate, saveSubscriptions, saveTemplate, subscriptionColors, type KeyValueStorage, type PublishTemplate } from "./explorer-storage.ts";

function memoryStorage(): KeyValueStorage & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return { data, getItem: (k) => data.get(k) ?? null, setItem: (k, v) => void data.set(k, v) };
}

const template = (name: string): PublishTemplate => ({ name, topic: "a", payload: "{}", format: "json", qos: 1, retain: false, contentType: "", responseTopic: "", correlationData: "", userProperties: [["k", "v"]] });

describe("explorer storage", () => {
  it("keeps subscriptions per broker", () => {
    const storage = memoryStorage();
    const sub = { id: 1, filter: "sensors/#", qos: 1 as const, color: "#0284c7", alias: "all sensors" };
    saveSubscriptions(storage, "acme/plant", [sub]);
    expect(loadSubscriptions(storage, "acme/plant")).toEqual([sub]);
    expect(loadSubscriptions(storage, "acme/other")).toBeNull(); // never saved, unlike saved empty:
    saveSubscriptions(storage, "acme/plant", []);
    expect(loadSubscriptions(storage, "acme/plant")).toEqual([]);
  });

  it("ignores what it cannot read: broken JSON, another shape, invalid entries", () => {
    const storage = memoryStorage();
    storage.setItem("sluice.explorer.subscriptions.a/b", "{broken");
    expect(loadSubscriptions(storage, "a/b")).toEqual([]);
    storage.setItem("sluice.explorer.subscriptions.a/b", '{"not": "a list"}');
    expect(loadSubscriptions(storage, "a/b")).toEqual([]);
    storage.setItem("sluice.explorer.subscriptions.a/b", JSON.stringify([{ id: 0, filter: "x", qos: 0, color: "#000000", alias: "" }, { id: 2, filter: "y", qos: 0, color: "#000000", alias: "" }]));
    expect(loadSubscriptions(storage, "a/b")?.map((s) => s.filter)).toEqual(["y"]);
  });

  it("saves templates by name, replacing one of the same name, and removes them", () => {
    const storage = memoryStorage();
    saveTemplate(storage, "a/b", template("zeta"));
    saveTemplate(storage, "a/b", template("alpha"));
    const replaced = saveTemplate(storage, "a/b", { ...template("zeta"), topic: "new" });
    expect(replaced.map((t) => [t.name, t.topic])).toEqual([
      ["alpha", "a"],
      ["zeta", "new"],
    ]);
    expect(loadTemplates(storage, "a/b")).toEqual(replaced);
    expect(removeTemplate(storage, "a/b", "alpha").map((t) => t.name)).toEqual(["zeta"]);
    expect(loadTemplates(storage, "x/y")).toEqual([]);
  });

  it("works on when the storage refuses to write", () => {
    const storage: KeyValueStorage = { getItem: () => null, setItem: () => { throw new Error("QuotaExceededError"); } };
    expect(saveTemplate(storage, "a/b", template("t")).map((t) => t.name)).toEqual(["t"]);
  });

  it("gives the next identifier and the least used colour", () => {
    expect(nextSubscription([])).toEqual({ id: 1, color: subscriptionColors[0] });
    const taken = [{ id: 4, filter: "a", qos: 0 as const, color: subscriptionColors[0], alias: "" }];
    expect(nextSubscription(taken)).toEqual({ id: 5, color: subscriptionColors[1] });
  });
});
