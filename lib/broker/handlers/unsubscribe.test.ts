// UNSUBSCRIBE → UNSUBACK [MQTT-3.10, 3.11]: exact filter comparison, reason codes in order,
// delivery stops for new messages and completes for those in flight.
import { afterEach, describe, expect, it } from "vitest";
import type mqttPacket from "mqtt-packet";
import { ReasonCode } from "../protocol/reason-codes.ts";
import { ClientPool, createTestHost, type TestClient } from "../test/harness.ts";

const pool = new ClientPool();
afterEach(() => pool.endAll());

async function unsubscribe(c: TestClient, messageId: number, ...filters: string[]): Promise<mqttPacket.IUnsubackPacket> {
  c.send({ cmd: "unsubscribe", messageId, unsubscriptions: filters });
  return c.expect("unsuback");
}

describe("UNSUBSCRIBE", () => {
  it("[MQTT-3.10.4-5] [MQTT-3.10.4-6] [MQTT-3.11.3-1] answers one UNSUBACK with its packet id and a reason code per filter, in order (0x11 when none existed)", async () => {
    const { host } = createTestHost();
    const c = await pool.connect(host, "c");
    await c.subscribe("a");
    await c.subscribe("b", {}, undefined, 2);
    const unsuback = await unsubscribe(c, 42, "b", "never", "a", "a");
    expect(unsuback.messageId).toBe(42);
    expect(unsuback.granted).toEqual([ReasonCode.Success, ReasonCode.NoSubscriptionExisted, ReasonCode.Success, ReasonCode.NoSubscriptionExisted]);
    expect(await c.nothingWithin(30)).toBe(true);
  });

  it("[MQTT-3.10.4-1] compares filters character by character: a wildcard filter does not remove the filters it covers", async () => {
    const { host, broker } = createTestHost();
    const c = await pool.connect(host, "c");
    await c.subscribe("a/b");
    await c.subscribe("a/+", {}, undefined, 2);
    expect((await unsubscribe(c, 3, "a/#", "A/b", "a/b/")).granted).toEqual([ReasonCode.NoSubscriptionExisted, ReasonCode.NoSubscriptionExisted, ReasonCode.NoSubscriptionExisted]);
    expect([...broker.sessionFor("c")!.subscriptions.keys()].sort()).toEqual(["a/+", "a/b"]);
    expect((await unsubscribe(c, 4, "a/+")).granted).toEqual([ReasonCode.Success]);
    expect([...broker.sessionFor("c")!.subscriptions.keys()]).toEqual(["a/b"]);
  });

  it("[MQTT-3.10.4-2] stops new messages for the filter; other subscriptions keep delivering", async () => {
    const { host, broker } = createTestHost();
    const c = await pool.connect(host, "c");
    await c.subscribe("x/1");
    await c.subscribe("x/2", {}, undefined, 2);
    await unsubscribe(c, 3, "x/1");
    const pub = await pool.connect(host, "p");
    pub.publish("x/1", "gone");
    pub.publish("x/2", "still");
    expect(String((await c.expect("publish")).payload)).toBe("still");
    expect(await c.nothingWithin(50)).toBe(true);
    expect(broker.router.subscriptionCount).toBe(1);
  });

  it("[MQTT-3.10.4-3] completes the delivery of QoS 1/2 messages already sent for the filter", async () => {
    const { host, broker } = createTestHost();
    const c = await pool.connect(host, "c");
    await c.subscribe("f", { qos: 2 });
    const pub = await pool.connect(host, "p");
    pub.publish("f", "in flight", { qos: 2, messageId: 1 });
    const got = await c.expect("publish");
    await unsubscribe(c, 2, "f");
    c.send({ cmd: "pubrec", messageId: got.messageId });
    expect((await c.expect("pubrel")).messageId).toBe(got.messageId);
    c.send({ cmd: "pubcomp", messageId: got.messageId });
    await c.nothingWithin(30);
    expect(broker.sessionFor("c")!.inflight.size).toBe(0);
  });

  it("MQTT 3.1.1: UNSUBACK carries only the packet id", async () => {
    const { host } = createTestHost();
    const c = await pool.connect(host, "old", {}, 4);
    await c.subscribe("t");
    const unsuback = await unsubscribe(c, 9, "t", "never");
    expect(unsuback.messageId).toBe(9);
    expect(Buffer.concat(c.bytes).subarray(-4)).toEqual(Buffer.from([0xb0, 0x02, 0x00, 0x09]));
  });
});
