// SUBSCRIBE/UNSUBSCRIBE: wildcards, options, identifiers, shared subscriptions, retained delivery.
import { afterEach, describe, expect, it } from "vitest";
import type mqttPacket from "mqtt-packet";
import type { BrokerHost } from "../host.ts";
import { ReasonCode } from "../protocol/reason-codes.ts";
import { createTestHost, TestClient } from "../test/harness.ts";

const clients: TestClient[] = [];
async function connected(host: BrokerHost, clientId: string, connect: Partial<mqttPacket.IConnectPacket> = {}, version: 4 | 5 = 5): Promise<TestClient> {
  const c = new TestClient(host, version);
  clients.push(c);
  await c.connect({ clientId, ...connect });
  return c;
}
afterEach(() => {
  for (const c of clients.splice(0)) c.end();
});
const payloads = async (c: TestClient, n: number) => {
  const out: string[] = [];
  for (let i = 0; i < n; i++) out.push(String((await c.expect("publish")).payload));
  return out;
};

describe("SUBSCRIBE", () => {
  it("matches + and # wildcards", async () => {
    const { host } = createTestHost();
    const sub = await connected(host, "w");
    await sub.subscribe("sport/+/player1");
    await sub.subscribe("news/#", {}, undefined, 2);
    const pub = await connected(host, "p");
    for (const t of ["sport/tennis/player1", "sport/tennis/player2", "news", "news/a/b", "newsy"]) pub.publish(t, t);
    expect(await payloads(sub, 3)).toEqual(["sport/tennis/player1", "news", "news/a/b"]);
    expect(await sub.nothingWithin(50)).toBe(true);
  });

  it("[MQTT-4.7.2-1] $-topics are not matched by filters starting with a wildcard", async () => {
    const { host, broker } = createTestHost();
    const all = await connected(host, "all");
    await all.subscribe("#");
    await all.subscribe("+/broker/uptime", {}, undefined, 2);
    const sys = await connected(host, "sys");
    await sys.subscribe("$SYS/#");
    broker.publishSystem("$SYS/broker/uptime", "1 seconds");
    expect(String((await sys.expect("publish")).payload)).toBe("1 seconds");
    expect(await all.nothingWithin(50)).toBe(true);
  });

  it("[MQTT-3.3.4-2] [MQTT-3.3.4-3] overlapping subscriptions: one copy at the highest QoS with every subscription identifier", async () => {
    const { host } = createTestHost();
    const sub = await connected(host, "o");
    await sub.subscribe("a/+", { qos: 0 }, { subscriptionIdentifier: 1 });
    await sub.subscribe("a/#", { qos: 1 }, { subscriptionIdentifier: 2 }, 2);
    const pub = await connected(host, "p");
    pub.publish("a/b", "x", { qos: 1, messageId: 1 });
    const got = await sub.expect("publish");
    expect(got.qos).toBe(1);
    expect([...(got.properties?.subscriptionIdentifier as number[])].sort()).toEqual([1, 2]);
    expect(await sub.nothingWithin(50)).toBe(true);
  });

  it("[MQTT-3.8.3-3] no-local: a client does not get its own messages", async () => {
    const { host } = createTestHost();
    const me = await connected(host, "me");
    await me.subscribe("chat", { nl: true });
    const other = await connected(host, "other");
    me.publish("chat", "mine");
    other.publish("chat", "theirs");
    expect(await payloads(me, 1)).toEqual(["theirs"]);
  });

  it("[MQTT-3.3.1-12] [MQTT-3.3.1-13] retain flag is cleared on forwarding unless retain-as-published", async () => {
    const { host } = createTestHost();
    const plain = await connected(host, "plain");
    await plain.subscribe("r");
    const rap = await connected(host, "rap");
    await rap.subscribe("r", { rap: true });
    const pub = await connected(host, "pub");
    pub.publish("r", "v", { retain: true });
    expect((await plain.expect("publish")).retain).toBe(false);
    expect((await rap.expect("publish")).retain).toBe(true);
  });

  it("[MQTT-3.3.1-9] [MQTT-3.3.1-10] [MQTT-3.3.1-11] retain handling 0, 1 and 2", async () => {
    const { host } = createTestHost();
    const pub = await connected(host, "pub");
    pub.publish("rh", "kept", { retain: true, qos: 1, messageId: 1 });
    await pub.expect("puback");
    const c = await connected(host, "c");
    await c.subscribe("rh", { rh: 0 });
    const first = await c.expect("publish");
    expect([String(first.payload), first.retain]).toEqual(["kept", true]);
    await c.subscribe("rh", { rh: 0 }, undefined, 2);
    await c.expect("publish"); // rh 0: sent again on every subscribe
    await c.subscribe("rh", { rh: 1 }, undefined, 3);
    expect(await c.nothingWithin(50)).toBe(true); // rh 1: subscription existed
    const d = await connected(host, "d");
    await d.subscribe("rh", { rh: 1 });
    await d.expect("publish"); // rh 1: new subscription
    const e = await connected(host, "e");
    await e.subscribe("rh", { rh: 2 });
    expect(await e.nothingWithin(50)).toBe(true); // rh 2: never
  });

  it("retained messages: set, replace, clear with an empty payload [MQTT-3.3.1-6] [MQTT-3.3.1-7]", async () => {
    const { host, broker } = createTestHost();
    const pub = await connected(host, "pub");
    pub.publish("state", "one", { retain: true });
    pub.publish("state", "two", { retain: true });
    await pub.publish("other/state", "x", { retain: true });
    const a = await connected(host, "a");
    await a.subscribe("state");
    expect(await payloads(a, 1)).toEqual(["two"]);
    pub.publish("state", "", { retain: true });
    await a.expect("publish"); // the empty message is still delivered to current subscribers
    const b = await connected(host, "b");
    await b.subscribe("#");
    expect(await payloads(b, 1)).toEqual(["x"]);
    expect(broker.retained.size).toBe(1);
  });

  it("refuses invalid filters with 0x8F (MQTT 5) and 0x80 (3.1.1)", async () => {
    const { host } = createTestHost();
    const v5 = await connected(host, "v5");
    expect((await v5.subscribe("a/#/b")).granted).toEqual([ReasonCode.TopicFilterInvalid]);
    const v4 = await connected(host, "v4", {}, 4);
    expect((await v4.subscribe("a+")).granted).toEqual([0x80]);
  });

  it("refuses filters the principal may not subscribe to with 0x87", async () => {
    const { host } = createTestHost({
      authenticator: { authenticate: async () => ({ ok: true, principal: { namespace: "default", broker: "default", authorizePublish: () => true, authorizeSubscribe: (f) => f.startsWith("ok/") } }) },
    });
    const c = await connected(host, "acl");
    c.send({ cmd: "subscribe", messageId: 1, subscriptions: [{ topic: "ok/1", qos: 1 }, { topic: "secret", qos: 1 }] });
    expect((await c.expect("suback")).granted).toEqual([1, ReasonCode.NotAuthorized]);
  });

  it("UNSUBSCRIBE stops delivery and answers 0x11 for unknown filters", async () => {
    const { host } = createTestHost();
    const c = await connected(host, "u");
    await c.subscribe("x");
    c.send({ cmd: "unsubscribe", messageId: 2, unsubscriptions: ["x", "never"] });
    expect((await c.expect("unsuback")).granted).toEqual([0, ReasonCode.NoSubscriptionExisted]);
    const pub = await connected(host, "p");
    pub.publish("x", "late");
    expect(await c.nothingWithin(50)).toBe(true);
  });
});

describe("shared subscriptions", () => {
  it("[MQTT-4.8.2] deliver each message to one member, round-robin", async () => {
    const { host } = createTestHost();
    const a = await connected(host, "a");
    const b = await connected(host, "b");
    await a.subscribe("$share/g/jobs/#");
    await b.subscribe("$share/g/jobs/#");
    const pub = await connected(host, "p");
    for (let i = 0; i < 4; i++) pub.publish("jobs/x", String(i));
    expect(await payloads(a, 2)).toEqual(["0", "2"]);
    expect(await payloads(b, 2)).toEqual(["1", "3"]);
  });

  it("[MQTT-3.8.3-4] no-local on a shared subscription is a protocol error", async () => {
    const { host } = createTestHost();
    const a = await connected(host, "a");
    a.send({ cmd: "subscribe", messageId: 1, subscriptions: [{ topic: "$share/g/x", qos: 0, nl: true }] });
    expect((await a.expect("disconnect")).reasonCode).toBe(ReasonCode.ProtocolError);
  });

  it("a member leaving hands its unacknowledged messages to another member", async () => {
    const { host } = createTestHost();
    const a = await connected(host, "a");
    const b = await connected(host, "b");
    await a.subscribe("$share/g/work", { qos: 1 });
    await b.subscribe("$share/g/work", { qos: 1 });
    const pub = await connected(host, "p");
    for (let i = 0; i < 4; i++) pub.publish("work", String(i), { qos: 1, messageId: i + 1 });
    const toA = await payloads(a, 2); // a never acks, then leaves
    a.end();
    await a.closed;
    const toB: string[] = [];
    for (let i = 0; i < 4; i++) {
      const p = await b.expect("publish");
      toB.push(String(p.payload));
      b.send({ cmd: "puback", messageId: p.messageId });
    }
    expect(toA).toEqual(["0", "2"]);
    expect(toB.sort()).toEqual(["0", "1", "2", "3"]);
  });

  it("does not send retained messages to shared subscriptions", async () => {
    const { host } = createTestHost();
    const pub = await connected(host, "p");
    pub.publish("kept", "x", { retain: true });
    const a = await connected(host, "a");
    await a.subscribe("$share/g/kept");
    expect(await a.nothingWithin(50)).toBe(true);
  });
});
