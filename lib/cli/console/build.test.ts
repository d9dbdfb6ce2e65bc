// When `sluice up` rebuilds the console: no build yet, or a source newer than the last build's start.
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { buildReason } from "./build.ts";

let root: string;
afterEach(() => rmSync(root, { recursive: true, force: true }));

/** A project whose files all date from `at` (ms), built at `builtAt` unless undefined. */
function project(at: number, builtAt?: number): void {
  root = mkdtempSync(path.join(tmpdir(), "sluice-build-"));
  for (const file of ["app/page.tsx", "components/ui/button.tsx", "lib/validations/names.ts", "lib/broker/topic.test.ts", "lib/store/test/databases.ts", "lib/broker/README.md", "next.config.js"]) write(file, at);
  if (builtAt !== undefined) {
    write(".next/BUILD_ID", builtAt);
    writeFileSync(path.join(root, ".next", "sluice-build.json"), JSON.stringify({ startedAt: builtAt }));
  }
}

function write(file: string, at: number): void {
  mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
  writeFileSync(path.join(root, file), "x");
  utimesSync(path.join(root, file), at / 1000, at / 1000);
}

describe("buildReason", () => {
  const day = 86_400_000;
  const now = Date.now();

  it("asks for a build when there is none", () => {
    project(now - day);
    expect(buildReason(root)).toBe("no build yet");
  });

  it("keeps a build that started after every source last changed", () => {
    project(now - day, now - 60_000);
    expect(buildReason(root)).toBeUndefined();
  });

  it("names a source that changed since the build started, wherever it is", () => {
    project(now - day, now - 60_000);
    write("lib/validations/names.ts", now);
    expect(buildReason(root)).toBe(`${path.join("lib", "validations", "names.ts")} changed since the last build`);
    project(now - day, now - 60_000);
    write("next.config.js", now);
    expect(buildReason(root)).toBe("next.config.js changed since the last build");
  });

  it("ignores tests and docs, which are not part of the build", () => {
    project(now - day, now - 60_000);
    write("lib/broker/topic.test.ts", now);
    write("lib/store/test/databases.ts", now);
    write("lib/broker/README.md", now);
    expect(buildReason(root)).toBeUndefined();
  });
});
