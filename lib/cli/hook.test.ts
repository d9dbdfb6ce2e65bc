// `sluice hook …` as a user runs it: the real binary against a real server.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli, spawnCli, startCli, type RunningCli } from "./test/cli-process.ts";
import type { Environment } from "../config.ts";

const adminToken = "cli-hook-admin-token-0123";
let server: RunningCli;
let dir: string;
let env: Environment;
const sluice = (...args: string[]) => runCli(args, env);

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), "sluice-cli-hook-"));
  server = await startCli(["--data-dir", path.join(dir, "data")], { SLUICE_ADMIN_TOKEN: adminToken });
  env = { SLUICE_API_URL: `http://127.0.0.1:${server.ports.http}`, SLUICE_API_TOKEN: adminToken };
}, 60_000);
afterAll(async () => {
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe("sluice hook", () => {
  it("deploys a script file, tests it, lists versions, rolls back and removes", async () => {
    const script = path.join(dir, "upper.js");
    writeFileSync(script, "export default { async onPublish(messages) { console.log('n=' + messages.length); return messages.map((m) => ({ ...m, payload: m.payload.toUpperCase() })); } };\n");
    const broken = path.join(dir, "broken.js");
    writeFileSync(broken, "export default {\n  oops\n};\n");

    const [deployed, refused, missing] = await Promise.all([
      sluice("hook", "deploy", script, "--broker", "default/default", "--topics", "sensors/#", "--timeout-ms", "500"),
      sluice("hook", "deploy", broken, "--broker", "default/default"),
      sluice("hook", "deploy", path.join(dir, "nope.js"), "--broker", "default/default"),
    ]);
    expect(deployed.code).toBe(0);
    expect(deployed.stdout).toMatch(/^version\s+1\nkind\s+script\ntopics\s+sensors\/#\ntimeout\s+500 ms\non error\s+drop\n/);
    expect([refused.code, refused.stderr]).toEqual([1, expect.stringMatching(/^sluice: 422 validation_failed: source: .+\n$/)]);
    expect(missing.stderr).toBe(`sluice: cannot read ${path.join(dir, "nope.js")}: ENOENT\n`);

    const tested = await sluice("hook", "test", "--broker", "default/default", "--message", '{"topic":"sensors/a","payload":"hello"}');
    expect(tested.stdout).toMatch(/^TOPIC\s+PAYLOAD\nsensors\/a\s+HELLO\n\[log\] n=1\n[\d.]+ ms\n$/);

    await sluice("hook", "deploy", "--webhook", "http://127.0.0.1:9/hook", "--broker", "default/default");
    const versions = await sluice("hook", "versions", "--broker", "default/default");
    expect(versions.stdout.split("\n").slice(1, 3).map((l) => l.split(/\s+/)[0] + (l.trimEnd().endsWith("*") ? "*" : ""))).toEqual(["2*", "1"]);

    const [rolledBack, removed] = [await sluice("hook", "rollback", "--broker", "default/default", "--version", "1", "--json"), await sluice("hook", "remove", "--broker", "default/default")];
    expect(JSON.parse(rolledBack.stdout).version).toBe(1);
    expect(removed.stdout).toBe("removed the hook of default/default\n");
    const badBroker = await sluice("hook", "versions", "--broker", "default");
    expect([badBroker.code, badBroker.stderr]).toEqual([1, expect.stringContaining("must be <namespace>/<broker>")]);
  }, 60_000);

  it("prints the hook's logs, and follows new entries", async () => {
    const script = path.join(dir, "talk.js");
    writeFileSync(script, "export default { async onPublish(messages) { console.log('saw ' + messages[0].payload); return messages; } };\n");
    expect((await sluice("hook", "deploy", script, "--broker", "default/default")).code).toBe(0);
    const publish = (payload: string) =>
      fetch(`${env.SLUICE_API_URL}/v1/namespaces/default/brokers/default/messages`, {
        method: "POST",
        headers: { authorization: `Bearer ${adminToken}`, "content-type": "application/json" },
        body: JSON.stringify({ topic: "talk", payload }),
      });
    await publish("first");

    const recent = await sluice("hook", "logs", "--broker", "default/default");
    expect(recent.stdout).toMatch(/^\S+Z v\d+ log {3}saw first\n$/m);

    const follower = spawnCli(["hook", "logs", "--follow", "--json", "--limit", "1", "--broker", "default/default"], env);
    let out = "";
    follower.stdout!.on("data", (chunk) => (out += chunk));
    await waitForText(() => out, "saw first");
    await publish("second");
    await waitForText(() => out, "saw second");
    follower.kill();
    expect(out.trim().split("\n").map((line) => JSON.parse(line).message)).toEqual(["saw first", "saw second"]);
  }, 60_000);
});

async function waitForText(read: () => string, text: string): Promise<void> {
  for (let i = 0; i < 200 && !read().includes(text); i++) await new Promise((r) => setTimeout(r, 25));
  expect(read()).toContain(text);
}
