// SUBSCRIBE: wildcard matching, overlapping subscriptions and refused filters. Retained messages,
// subscription options, shared subscriptions and UNSUBSCRIBE have test files of their own.
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
});
