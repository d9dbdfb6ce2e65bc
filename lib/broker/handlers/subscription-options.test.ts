// Subscription options and identifiers (§3.8.3.1, §3.8.2.1.2): no-local, subscription
// identifiers on live and retained messages, and replacing a subscription.
import { afterEach, describe, expect, it } from "vitest";
import { ReasonCode } from "../protocol/reason-codes.ts";
import { ClientPool, createTestHost } from "../test/harness.ts";

const pool = new ClientPool();
afterEach(() => pool.endAll());

describe("no-local", () => {
  it("[MQTT-3.8.3-3] a client with no-local does not get its own messages, but gets everyone else's", async () => {
    const { host } = createTestHost();
    const me = await pool.connect(host, "me");
    await me.subscribe("chat", { nl: true, qos: 1 });
    const other = await pool.connect(host, "other");
    me.publish("chat", "mine", { qos: 1, messageId: 1 });
    expect((await me.expect("puback")).reasonCode).toBe(ReasonCode.NoMatchingSubscribers);
    other.publish("chat", "theirs");
    expect(String((await me.expect("publish")).payload)).toBe("theirs");
    expect(await me.nothingWithin(50)).toBe(true);
  });

  it("without no-local a client gets its own messages back", async () => {
    const { host } = createTestHost();
    const me = await pool.connect(host, "me");
    await me.subscribe("echo", { nl: false });
    me.publish("echo", "mine");
    expect(String((await me.expect("publish")).payload)).toBe("mine");
  });

  it("[MQTT-3.8.3-3] applies per subscription: an overlapping subscription without no-local still delivers", async () => {
    const { host } = createTestHost();
    const me = await pool.connect(host, "me");
    await me.subscribe("a/b", { nl: true });
    await me.subscribe("a/+", { nl: false }, undefined, 2);
    me.publish("a/b", "mine");
    expect(String((await me.expect("publish")).payload)).toBe("mine");
    expect(await me.nothingWithin(50)).toBe(true);
  });
});

describe("subscription identifiers", () => {
  it("[MQTT-3.3.4-3] sends the identifier of the matching subscription, and none for a subscription without one", async () => {
    const { host } = createTestHost();
    const c = await pool.connect(host, "c");
    await c.subscribe("with", {}, { subscriptionIdentifier: 268_435_455 }); // the largest Variable Byte Integer
    await c.subscribe("without", {}, undefined, 2);
    const pub = await pool.connect(host, "p");
    pub.publish("with", "1");
    pub.publish("without", "2");
    await c.expect("publish");
    await c.expect("publish");
    expect(c.wirePublishes().map((p) => p.properties.subscriptionIdentifiers)).toEqual([[268_435_455], undefined]);
  });

  it("[MQTT-3.3.4-4] one copy for overlapping subscriptions carries every matching identifier", async () => {
    const { host } = createTestHost();
    const c = await pool.connect(host, "c");
    await c.subscribe("s/+", {}, { subscriptionIdentifier: 1 });
    await c.subscribe("s/#", {}, { subscriptionIdentifier: 2 }, 2);
    await c.subscribe("s/x", {}, undefined, 3); // no identifier: adds none
    const pub = await pool.connect(host, "p");
    pub.publish("s/x", "x");
    await c.expect("publish");
    expect(await c.nothingWithin(50)).toBe(true);
    expect([...c.wirePublishes()[0].properties.subscriptionIdentifiers!].sort()).toEqual([1, 2]);
  });

  it("carries the identifier on retained messages sent on SUBSCRIBE", async () => {
    const { host } = createTestHost();
    const pub = await pool.connect(host, "p");
    pub.publish("kept", "v", { retain: true, qos: 1, messageId: 1 });
    await pub.expect("puback");
    const c = await pool.connect(host, "c");
    await c.subscribe("kept", {}, { subscriptionIdentifier: 7 });
    const got = await c.expect("publish");
    expect([got.retain, got.properties?.subscriptionIdentifier]).toEqual([true, 7]);
  });

  it("[MQTT-3.8.4-3] a repeated SUBSCRIBE replaces the subscription, identifier and QoS included", async () => {
    const { host, broker } = createTestHost();
    const c = await pool.connect(host, "c");
    await c.subscribe("r", { qos: 0 }, { subscriptionIdentifier: 1 });
    await c.subscribe("r", { qos: 1 }, { subscriptionIdentifier: 2 }, 2);
    expect(broker.sessionFor("c")!.subscriptions.size).toBe(1);
    const pub = await pool.connect(host, "p");
    pub.publish("r", "x", { qos: 1, messageId: 1 });
    const got = await c.expect("publish");
    expect([got.qos, got.properties?.subscriptionIdentifier]).toEqual([1, 2]);
    expect(await c.nothingWithin(50)).toBe(true); // one subscription, one copy
  });

  it("a subscription identifier of 0 is a protocol error (§3.8.2.1.2)", async () => {
    const { host } = createTestHost();
    const c = await pool.connect(host, "c");
    // SUBSCRIBE id 1, properties: subscription identifier 0, filter "a", options 0; by hand: mqtt-packet will not encode it.
    c.sendRaw(Buffer.from([0x82, 0x09, 0x00, 0x01, 0x02, 0x0b, 0x00, 0x00, 0x01, 0x61, 0x00]));
    expect((await c.expect("disconnect")).reasonCode).toBe(ReasonCode.ProtocolError);
  });
});
