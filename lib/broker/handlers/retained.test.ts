// Retained messages: store, replace, clear; retain handling and retain-as-published; limits.
import { afterEach, describe, expect, it } from "vitest";
import { ReasonCode } from "../protocol/reason-codes.ts";
import { ClientPool, createTestHost, type TestClient } from "../test/harness.ts";

const pool = new ClientPool();
afterEach(() => pool.endAll());

/** Publishes at QoS 1 and waits for the PUBACK, so the broker has handled it. */
async function publishAcked(pub: TestClient, topic: string, payload: string, options: { retain: boolean; messageId: number; qos?: 1 | 2 }): Promise<number> {
  pub.publish(topic, payload, { qos: 1, ...options });
  return (await pub.expect(options.qos === 2 ? "pubrec" : "puback")).reasonCode ?? 0;
}

describe("retained messages", () => {
  it("[MQTT-3.3.1-5] a RETAIN publish is stored and replaces the previous one; new subscribers get the last, with RETAIN set", async () => {
    const { host, broker } = createTestHost();
    const pub = await pool.connect(host, "pub");
    await publishAcked(pub, "state", "one", { retain: true, messageId: 1 });
    await publishAcked(pub, "state", "two", { retain: true, messageId: 2 });
    expect(broker.retained.size).toBe(1);
    const sub = await pool.connect(host, "sub");
    await sub.subscribe("state", { qos: 1 });
    const got = await sub.expect("publish");
    expect([got.topic, String(got.payload), got.retain, got.qos]).toEqual(["state", "two", true, 1]);
    expect(await sub.nothingWithin(50)).toBe(true);
  });

  it("[MQTT-3.3.1-6] an empty retained payload clears the topic and still reaches current subscribers; [MQTT-3.3.1-7] it is not stored", async () => {
    const { host, broker } = createTestHost();
    const pub = await pool.connect(host, "pub");
    await publishAcked(pub, "state", "on", { retain: true, messageId: 1 });
    const current = await pool.connect(host, "current");
    await current.subscribe("state");
    await current.expect("publish"); // the retained "on"
    await publishAcked(pub, "state", "", { retain: true, messageId: 2 });
    const cleared = await current.expect("publish");
    expect([String(cleared.payload), cleared.retain]).toEqual(["", false]);
    expect(broker.retained.size).toBe(0);
    const later = await pool.connect(host, "later");
    await later.subscribe("state");
    expect(await later.nothingWithin(50)).toBe(true);
  });

  it("[MQTT-3.3.1-8] a publish without RETAIN neither stores nor replaces the retained message", async () => {
    const { host, broker } = createTestHost();
    const pub = await pool.connect(host, "pub");
    await publishAcked(pub, "t", "kept", { retain: true, messageId: 1 });
    await publishAcked(pub, "t", "transient", { retain: false, messageId: 2 });
    await publishAcked(pub, "t", "", { retain: false, messageId: 3 }); // an empty one does not clear either
    await publishAcked(pub, "u", "never", { retain: false, messageId: 4 });
    expect(broker.retained.size).toBe(1);
    const sub = await pool.connect(host, "sub");
    await sub.subscribe("#");
    expect(String((await sub.expect("publish")).payload)).toBe("kept");
    expect(await sub.nothingWithin(50)).toBe(true);
  });

  it("sends every retained message a wildcard filter matches, at min(stored QoS, granted QoS), but no $-topics for a leading wildcard [MQTT-4.7.2-1]", async () => {
    const { host, broker } = createTestHost();
    const pub = await pool.connect(host, "pub");
    await publishAcked(pub, "home/kitchen/temp", "21", { retain: true, messageId: 1, qos: 2 });
    pub.publish("home/hall/temp", "19", { retain: true }); // QoS 0
    await publishAcked(pub, "home/hall/door", "open", { retain: true, messageId: 2 });
    broker.publishSystem("$SYS/broker/version", "test");
    const sub = await pool.connect(host, "sub");
    await sub.subscribe("+/+/temp", { qos: 1 });
    const got = [await sub.expect("publish"), await sub.expect("publish")];
    expect(got.map((p) => [p.topic, p.qos, p.retain]).sort()).toEqual([["home/hall/temp", 0, true], ["home/kitchen/temp", 1, true]]);
    const all = await pool.connect(host, "all");
    await all.subscribe("#");
    const everything = [await all.expect("publish"), await all.expect("publish"), await all.expect("publish")];
    expect(everything.map((p) => p.topic).sort()).toEqual(["home/hall/door", "home/hall/temp", "home/kitchen/temp"]);
    expect(await all.nothingWithin(50)).toBe(true);
  });

  it("outlive the publisher's session", async () => {
    const { host } = createTestHost();
    const pub = await pool.connect(host, "pub");
    await publishAcked(pub, "still", "here", { retain: true, messageId: 1 });
    pub.send({ cmd: "disconnect", reasonCode: 0 });
    await pub.closed;
    const sub = await pool.connect(host, "sub");
    await sub.subscribe("still");
    expect(String((await sub.expect("publish")).payload)).toBe("here");
  });

  it("refuses a new retained topic beyond maxRetainedMessages with 0x97, but replaces and clears existing ones", async () => {
    const { host, broker } = createTestHost({ limits: { maxRetainedMessages: 1 } });
    const pub = await pool.connect(host, "pub");
    expect(await publishAcked(pub, "a", "1", { retain: true, messageId: 1 })).toBe(ReasonCode.NoMatchingSubscribers);
    expect(await publishAcked(pub, "b", "1", { retain: true, messageId: 2 })).toBe(ReasonCode.QuotaExceeded);
    expect(broker.stats.drops.retained_limit).toBe(1);
    expect(await publishAcked(pub, "a", "2", { retain: true, messageId: 3 })).toBe(ReasonCode.NoMatchingSubscribers);
    expect(await publishAcked(pub, "b", "", { retain: true, messageId: 4 })).toBe(ReasonCode.NoMatchingSubscribers); // clearing needs no room
    expect(broker.retained.match("a").map((m) => String(m.payload))).toEqual(["2"]);
  });
});

describe("retain handling", () => {
  async function withRetained(): Promise<ReturnType<typeof createTestHost>> {
    const setup = createTestHost();
    const pub = await pool.connect(setup.host, "pub");
    await publishAcked(pub, "rh", "kept", { retain: true, messageId: 1 });
    return setup;
  }

  it("[MQTT-3.3.1-9] 0: retained messages are sent on every SUBSCRIBE, also when the subscription existed", async () => {
    const { host } = await withRetained();
    const c = await pool.connect(host, "c");
    await c.subscribe("rh", { rh: 0 });
    expect(String((await c.expect("publish")).payload)).toBe("kept");
    await c.subscribe("rh", { rh: 0 }, undefined, 2);
    expect(String((await c.expect("publish")).payload)).toBe("kept");
    expect(await c.nothingWithin(50)).toBe(true);
  });

  it("[MQTT-3.3.1-10] 1: retained messages are sent only when the subscription did not exist", async () => {
    const { host } = await withRetained();
    const c = await pool.connect(host, "c");
    await c.subscribe("rh", { rh: 1 });
    expect(String((await c.expect("publish")).payload)).toBe("kept");
    await c.subscribe("rh", { rh: 1 }, undefined, 2);
    expect(await c.nothingWithin(50)).toBe(true);
  });

  it("[MQTT-3.3.1-11] 2: retained messages are never sent on SUBSCRIBE, but live messages are", async () => {
    const { host } = await withRetained();
    const c = await pool.connect(host, "c");
    await c.subscribe("rh", { rh: 2 });
    expect(await c.nothingWithin(50)).toBe(true);
    const pub = await pool.connect(host, "pub2");
    pub.publish("rh", "live", { retain: true });
    const got = await c.expect("publish");
    expect([String(got.payload), got.retain]).toEqual(["live", false]);
  });

  it("retained messages sent on SUBSCRIBE keep RETAIN set without retain-as-published", async () => {
    const { host } = await withRetained();
    const c = await pool.connect(host, "c");
    await c.subscribe("rh", { rap: false });
    expect((await c.expect("publish")).retain).toBe(true);
  });
});

describe("retain as published", () => {
  it("[MQTT-3.3.1-12] 0: RETAIN is cleared when forwarding to an established subscription", async () => {
    const { host } = createTestHost();
    const c = await pool.connect(host, "c");
    await c.subscribe("r", { rap: false });
    const pub = await pool.connect(host, "pub");
    pub.publish("r", "v", { retain: true });
    expect((await c.expect("publish")).retain).toBe(false);
  });

  it("[MQTT-3.3.1-13] 1: RETAIN is forwarded as published, set or not", async () => {
    const { host } = createTestHost();
    const c = await pool.connect(host, "c");
    await c.subscribe("r", { rap: true });
    const pub = await pool.connect(host, "pub");
    pub.publish("r", "retained", { retain: true });
    pub.publish("r", "plain", { retain: false });
    const got = [await c.expect("publish"), await c.expect("publish")];
    expect(got.map((p) => [String(p.payload), p.retain])).toEqual([["retained", true], ["plain", false]]);
  });

  it("a subscriber with and one without retain-as-published each get their own RETAIN flag for the same message", async () => {
    const { host } = createTestHost();
    const keep = await pool.connect(host, "keep");
    await keep.subscribe("r", { rap: true });
    const clear = await pool.connect(host, "clear");
    await clear.subscribe("r", { rap: false });
    const keep2 = await pool.connect(host, "keep2");
    await keep2.subscribe("r", { rap: true });
    const pub = await pool.connect(host, "pub");
    pub.publish("r", "v", { retain: true });
    expect([(await keep.expect("publish")).retain, (await clear.expect("publish")).retain, (await keep2.expect("publish")).retain]).toEqual([true, false, true]);
  });
});
