// The broker's side of an on-publish hook: batching, ordering, acks after the decision, drops,
// topic rewrites re-checked against the publisher's ACL. The hooks here are plain objects that
// decide on cue; the script and webhook hooks are tested in lib/hook-runtime and the server.
import { afterEach, describe, expect, it } from "vitest";
import type mqttPacket from "mqtt-packet";
import type { Authenticator } from "./auth.ts";
import type { HookVerdict, PublishHook } from "./hook-pipeline.ts";
import type { BrokerHost } from "./host.ts";
import type { Message } from "./message.ts";
import { ReasonCode } from "./protocol/reason-codes.ts";
import { createTestHost, TestClient } from "./test/harness.ts";

const clients: TestClient[] = [];
async function connected(host: BrokerHost, clientId: string, connect: Partial<mqttPacket.IConnectPacket> = {}): Promise<TestClient> {
  const c = new TestClient(host, 5);
  clients.push(c);
  await c.connect({ clientId, ...connect });
  return c;
}
afterEach(() => {
  for (const c of clients.splice(0)) c.end();
});

/** A hook whose batches wait until the test releases them, each with its own verdict function. */
class ControlledHook implements PublishHook {
  readonly batches: Array<{ messages: readonly Message[]; release: () => void }> = [];
  constructor(
    private readonly decide: (batch: readonly Message[]) => HookVerdict = (batch) => ({ deliver: batch.map((message, from) => ({ from, message })), dropReason: "hook" }),
    public wants: (topic: string) => boolean = () => true,
  ) {}
  matches(topic: string): boolean {
    return this.wants(topic);
  }
  run(batch: readonly Message[]): Promise<HookVerdict> {
    return new Promise((resolve) => this.batches.push({ messages: batch, release: () => resolve(this.decide(batch)) }));
  }
  async waitForBatches(count: number): Promise<void> {
    while (this.batches.length < count) await new Promise((r) => setImmediate(r));
  }
}

const passThrough = (batch: readonly Message[]): HookVerdict => ({ deliver: batch.map((message, from) => ({ from, message })), dropReason: "hook" });

describe("on-publish hook pipeline", () => {
  it("acknowledges QoS 1 only once the hook has decided", async () => {
    const { host, broker } = createTestHost();
    const hook = new ControlledHook();
    broker.hooks.setHook(hook);
    const sub = await connected(host, "sub");
    await sub.subscribe("t/#", { qos: 1 });
    const pub = await connected(host, "pub");
    pub.publish("t/a", "one", { qos: 1, messageId: 7 });
    await hook.waitForBatches(1);
    expect(await pub.nothingWithin(50)).toBe(true);
    hook.batches[0]!.release();
    expect((await pub.expect("puback")).messageId).toBe(7);
    expect(String((await sub.expect("publish")).payload)).toBe("one");
  });

  it("keeps publication order across concurrent batches that finish out of order", async () => {
    const { host, broker } = createTestHost();
    const hook = new ControlledHook();
    broker.hooks.setHook(hook);
    const sub = await connected(host, "sub");
    await sub.subscribe("#", { qos: 1 });
    const pub = await connected(host, "pub");
    pub.publish("t/1", "1", { qos: 1, messageId: 1 });
    await hook.waitForBatches(1);
    pub.publish("t/2", "2", { qos: 1, messageId: 2 });
    await hook.waitForBatches(2);
    pub.publish("t/3", "3", { qos: 1, messageId: 3 });
    await hook.waitForBatches(3);
    // A topic the hook does not want still waits its turn behind the hooked ones.
    hook.wants = (topic) => topic !== "t/4";
    pub.publish("t/4", "4", { qos: 1, messageId: 4 });
    await new Promise((r) => setTimeout(r, 20));
    hook.batches[2]!.release();
    hook.batches[1]!.release();
    expect(await sub.nothingWithin(50)).toBe(true);
    hook.batches[0]!.release();
    const payloads = [];
    for (let i = 0; i < 4; i++) payloads.push(String((await sub.expect("publish")).payload));
    expect(payloads).toEqual(["1", "2", "3", "4"]);
    const acks = [];
    for (let i = 0; i < 4; i++) acks.push((await pub.expect("puback")).messageId);
    expect(acks).toEqual([1, 2, 3, 4]);
  });

  it("routes topics outside the hook's filters at once while nothing waits", async () => {
    const { host, broker } = createTestHost();
    const hook = new ControlledHook(passThrough, (topic) => topic.startsWith("hooked/"));
    broker.hooks.setHook(hook);
    const sub = await connected(host, "sub");
    await sub.subscribe("#");
    const pub = await connected(host, "pub");
    pub.publish("plain/x", "now");
    expect(String((await sub.expect("publish")).payload)).toBe("now");
    expect(hook.batches).toHaveLength(0);
  });

  it("delivers QoS 0 publishes outside the hook's filters that wait behind hooked ones, in order", async () => {
    const { host, broker } = createTestHost();
    broker.hooks.setHook({ matches: (topic) => topic.startsWith("hooked/"), run: async (batch) => passThrough(batch) });
    const sub = await connected(host, "sub");
    await sub.subscribe("#");
    const pub = await connected(host, "pub");
    for (const topic of ["hooked/1", "plain/2", "hooked/3", "plain/4"]) pub.publish(topic, topic);
    const topics = [];
    for (let i = 0; i < 4; i++) topics.push((await sub.expect("publish")).topic);
    expect(topics).toEqual(["hooked/1", "plain/2", "hooked/3", "plain/4"]);
  });

  it("batches publishes that arrive together", async () => {
    const { host, broker } = createTestHost();
    const hook = new ControlledHook();
    broker.hooks.setHook(hook);
    const pub = await connected(host, "pub");
    for (let i = 0; i < 10; i++) pub.publish("t", String(i));
    await hook.waitForBatches(1);
    await new Promise((r) => setTimeout(r, 20));
    expect(hook.batches.flatMap((b) => b.messages.map((m) => String(m.payload)))).toEqual(["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"]);
    expect(hook.batches.length).toBeLessThan(10);
  });

  it("counts messages the hook leaves out as dropped by hook, and acks them with Success", async () => {
    const { host, broker } = createTestHost();
    broker.hooks.setHook({ matches: () => true, run: async (batch) => ({ deliver: batch.flatMap((message, from) => (String(message.payload) === "keep" ? [{ from, message }] : [])), dropReason: "hook" }) });
    const sub = await connected(host, "sub");
    await sub.subscribe("t");
    const pub = await connected(host, "pub");
    pub.publish("t", "drop", { qos: 1, messageId: 1 });
    pub.publish("t", "keep", { qos: 1, messageId: 2 });
    expect(String((await sub.expect("publish")).payload)).toBe("keep");
    expect((await pub.expect("puback")).reasonCode).toBe(ReasonCode.Success);
    expect((await pub.expect("puback")).reasonCode).toBe(ReasonCode.Success);
    expect(broker.stats.drops.hook).toBe(1);
  });

  it("acks a message lost to a failing hook with 0x83 and counts it as a hook error", async () => {
    const { host, broker } = createTestHost();
    broker.hooks.setHook({ matches: () => true, run: async () => ({ deliver: [], dropReason: "hook_error" }) });
    const pub = await connected(host, "pub");
    pub.publish("t", "x", { qos: 1, messageId: 1 });
    expect((await pub.expect("puback")).reasonCode).toBe(ReasonCode.ImplementationSpecificError);
    expect(broker.stats.drops.hook_error).toBe(1);
  });

  it("re-checks a rewritten topic against the publisher's ACL", async () => {
    const authenticator: Authenticator = {
      authenticate: async (c) => ({
        ok: true,
        principal: { namespace: "default", broker: "default", authorizePublish: (t) => c.clientId !== "pub" || !t.startsWith("secret/"), authorizeSubscribe: () => true },
      }),
    };
    const { host, broker } = createTestHost({ authenticator });
    const rewriteTo = (topic: string) => (batch: readonly Message[]): HookVerdict => ({ deliver: batch.map((message, from) => ({ from, message: { ...message, topic } })), dropReason: "hook" });
    const sub = await connected(host, "sub");
    await sub.subscribe("#");
    const pub = await connected(host, "pub");

    broker.hooks.setHook({ matches: () => true, run: async (batch) => rewriteTo("secret/x")(batch) });
    pub.publish("in", "denied", { qos: 1, messageId: 1 });
    expect((await pub.expect("puback")).reasonCode).toBe(ReasonCode.NotAuthorized);
    expect(broker.stats.drops.not_authorized).toBe(1);

    broker.hooks.setHook({ matches: () => true, run: async (batch) => rewriteTo("public/x")(batch) });
    pub.publish("in", "allowed", { qos: 1, messageId: 2 });
    const delivered = await sub.expect("publish");
    expect([delivered.topic, String(delivered.payload)]).toEqual(["public/x", "allowed"]);
  });

  it("delivers new messages from the hook, but never on $ topics", async () => {
    const { host, broker } = createTestHost();
    const extra = (topic: string): Message => ({ topic, payload: Buffer.from("new"), qos: 0, retain: false, properties: {}, publisherId: "", receivedAt: Date.now() });
    broker.hooks.setHook({ matches: () => true, run: async (batch) => ({ deliver: [...batch.map((message, from) => ({ from, message })), { message: extra("$SYS/fake") }, { message: extra("alerts") }], dropReason: "hook" }) });
    const sub = await connected(host, "sub");
    await sub.subscribe("#");
    const pub = await connected(host, "pub");
    pub.publish("t", "orig");
    expect((await sub.expect("publish")).topic).toBe("t");
    expect((await sub.expect("publish")).topic).toBe("alerts");
    expect(await sub.nothingWithin(50)).toBe(true);
  });

  it("retains what the hook delivers, not what was published", async () => {
    const { host, broker } = createTestHost();
    broker.hooks.setHook({ matches: () => true, run: async (batch) => ({ deliver: batch.map((message, from) => ({ from, message: { ...message, payload: Buffer.from("rewritten") } })), dropReason: "hook" }) });
    const pub = await connected(host, "pub");
    pub.publish("r", "original", { retain: true, qos: 1, messageId: 1 });
    await pub.expect("puback");
    const late = await connected(host, "late");
    await late.subscribe("r");
    expect(String((await late.expect("publish")).payload)).toBe("rewritten");
  });

  it("refuses publishes beyond the backlog with 0x97 and keeps serving", async () => {
    const { host, broker } = createTestHost();
    const hook = new ControlledHook();
    broker.hooks.setHook(hook);
    broker.limits.maxHookBacklog = 2;
    const pub = await connected(host, "pub");
    pub.publish("t", "1", { qos: 1, messageId: 1 });
    pub.publish("t", "2", { qos: 1, messageId: 2 });
    pub.publish("t", "3", { qos: 1, messageId: 3 });
    const refused = await pub.expect("puback");
    expect([refused.messageId, refused.reasonCode]).toEqual([3, ReasonCode.QuotaExceeded]);
    expect(broker.stats.drops.hook_backlog).toBe(1);
    await hook.waitForBatches(1);
    for (const batch of hook.batches) batch.release();
    expect((await pub.expect("puback")).messageId).toBe(1);
  });

  it("sends no ack to a connection that closed while the hook decided", async () => {
    const { host, broker } = createTestHost();
    const hook = new ControlledHook();
    broker.hooks.setHook(hook);
    const pub = await connected(host, "pub");
    pub.publish("t", "x", { qos: 1, messageId: 1 });
    await hook.waitForBatches(1);
    pub.end();
    await pub.closed;
    hook.batches[0]!.release();
    await new Promise((r) => setTimeout(r, 20));
    expect(pub.received.filter((p) => p.cmd === "puback")).toHaveLength(0);
  });

  it("follows tapped publishes of console clients through a shared batch, and taps nothing else", async () => {
    const { host, broker } = createTestHost();
    const created: Message = { topic: "made", payload: Buffer.from("new"), qos: 0, retain: false, properties: {}, publisherId: "", receivedAt: Date.now() };
    const hook = new ControlledHook(
      (batch) => ({
        deliver: [
          ...batch.flatMap((message, from) => (String(message.payload) === "drop" ? [] : [{ from, message: String(message.payload) === "mod" ? { ...message, payload: Buffer.from("MOD") } : message }])),
          { message: created },
        ],
        dropReason: "hook",
        version: 7,
        latencyMs: 1.5,
      }),
      (topic) => topic.startsWith("in/"),
    );
    broker.hooks.setHook(hook);
    const sub = await connected(host, "sub");
    await sub.subscribe("#");
    const tap = (id: string) => ({ properties: { userProperties: { other: "x", "sluice-tap": id } } });
    const explorer = await connected(host, "console-ana-0123456789abcdef");
    const device = await connected(host, "device");
    explorer.publish("in/plain", "plain", { properties: { userProperties: { other: "x" } } });
    explorer.publish("in/mod", "mod", tap("t-mod"));
    explorer.publish("in/drop", "drop", tap("t-drop"));
    explorer.publish("out/x", "bypass", tap("t-bypass")); // no hook for it, but it waits its turn
    device.publish("in/device", "device", tap("t-device"));
    await hook.waitForBatches(1);
    expect(broker.taps.get("t-mod")?.decision).toBe("pending");
    for (const batch of hook.batches) batch.release();
    await hook.waitForBatches(2);
    for (const batch of hook.batches) batch.release();
    await sub.expect("publish");
    await new Promise((r) => setTimeout(r, 20));

    const mod = broker.taps.get("t-mod")!;
    expect(mod).toMatchObject({ decision: "modified", hook: { version: 7, latencyMs: 1.5 }, result: { delivered: 1 }, deliveredCount: 1, createdCount: 1 });
    expect(String(mod.published.payload)).toBe("mod");
    expect(String(mod.delivered[0]!.payload)).toBe("MOD");
    expect(mod.created.map((m) => m.topic)).toEqual(["made"]);
    expect(broker.taps.get("t-drop")).toMatchObject({ decision: "dropped", result: { delivered: 0, dropped: "hook" }, delivered: [] });
    expect(broker.taps.get("t-bypass")).toMatchObject({ decision: "passed", hook: null, result: { delivered: 1 } });
    expect(broker.taps.get("t-device")).toBeUndefined(); // not a console client
  });
});
