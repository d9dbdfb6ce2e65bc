// env.objects' directory store: round trips, listing, key rules that keep it inside its
// directory, and the size limits.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { MAX_OBJECT_BYTES, ObjectStore } from "./object-store.ts";

const dirs: string[] = [];
function store(): ObjectStore {
  const dir = mkdtempSync(path.join(tmpdir(), "sluice-objects-"));
  dirs.push(dir);
  return new ObjectStore(path.join(dir, "objects", "acme", "plant"));
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe("ObjectStore", () => {
  it("puts, replaces, gets and lists objects by prefix", async () => {
    const objects = store();
    expect(await objects.get("missing")).toBeNull();
    await objects.put("logs/2026/a.json", Buffer.from("{}"));
    await objects.put("logs/2026/b.bin", Buffer.from([0, 255]));
    await objects.put("other", Buffer.from("x"));
    await objects.put("logs/2026/a.json", Buffer.from('{"v":2}'));
    expect((await objects.get("logs/2026/a.json"))!.toString()).toBe('{"v":2}');
    expect((await objects.list("logs/")).map((o) => [o.key, o.size])).toEqual([
      ["logs/2026/a.json", 7],
      ["logs/2026/b.bin", 2],
    ]);
  });

  it.each(["../escape", "a/../../b", "/absolute", "a//b", "", "with space", "a/./b", "x.tmp"])("refuses the key %j", async (key) => {
    await expect(store().put(key, Buffer.from("x"))).rejects.toThrow(/is not valid/);
  });

  it("refuses objects over the size limit", async () => {
    await expect(store().put("big", Buffer.alloc(MAX_OBJECT_BYTES + 1))).rejects.toThrow(/limit/);
  });
});
