// Topic aliases [MQTT-3.3.2.3.4] in both directions: the ones a client sets on its PUBLISHes and
// the ones the broker assigns to a client that allows them.
import mqttPacket from "mqtt-packet";
import { afterEach, describe, expect, it } from "vitest";
import { ReasonCode } from "../protocol/reason-codes.ts";
import { ClientPool, createTestHost, type TestClient } from "../test/harness.ts";

const pool = new ClientPool();
afterEach(() => pool.endAll());

async function topics(c: TestClient, n: number): Promise<Array<[string, number | undefined]>> {
  const out: Array<[string, number | undefined]> = [];
  for (let i = 0; i < n; i++) {
    const p = await c.expect("publish");
    out.push([p.topic, p.properties?.topicAlias]);
  }
  return out;
}

describe("inbound topic aliases", () => {
  it("[MQTT-3.3.2-12] accepts an alias up to our maximum and resolves it on later PUBLISHes with an empty topic", async () => {
    const { host } = createTestHost({ limits: { topicAliasMaximum: 2 } });
    const sub = await pool.connect(host, "sub");
    await sub.subscribe("al/#");
    const pub = pool.client(host);
    expect((await pub.connect({ clientId: "pub" })).properties?.topicAliasMaximum).toBe(2);
    pub.publish("al/one", "1", { properties: { topicAlias: 1 } });
    pub.publish("al/two", "2", { properties: { topicAlias: 2 } });
    pub.publish("", "3", { properties: { topicAlias: 1 } });
    pub.publish("", "4", { properties: { topicAlias: 2 } });
    const got = [await sub.expect("publish"), await sub.expect("publish"), await sub.expect("publish"), await sub.expect("publish")];
    expect(got.map((p) => [p.topic, String(p.payload)])).toEqual([["al/one", "1"], ["al/two", "2"], ["al/one", "3"], ["al/two", "4"]]);
  });

  it("lets a client point an alias at another topic", async () => {
    const { host } = createTestHost();
    const sub = await pool.connect(host, "sub");
    await sub.subscribe("re/#");
    const pub = await pool.connect(host, "pub");
    pub.publish("re/a", "1", { properties: { topicAlias: 1 } });
    pub.publish("re/b", "2", { properties: { topicAlias: 1 } });
    pub.publish("", "3", { properties: { topicAlias: 1 } });
    expect((await topics(sub, 3)).map(([t]) => t)).toEqual(["re/a", "re/b", "re/b"]);
  });

  it("[MQTT-3.3.2-9] [MQTT-3.2.2-17] an alias above our Topic Alias Maximum is DISCONNECT 0x94", async () => {
    const { host } = createTestHost({ limits: { topicAliasMaximum: 2 } });
    const pub = await pool.connect(host, "pub");
    pub.publish("x", "y", { properties: { topicAlias: 3 } });
    expect((await pub.expect("disconnect")).reasonCode).toBe(ReasonCode.TopicAliasInvalid);
    await pub.closed;
  });

  it("[MQTT-3.3.2-8] alias 0 is DISCONNECT 0x94", async () => {
    const { host } = createTestHost();
    const pub = await pool.connect(host, "pub");
    pub.publish("x", "y", { properties: { topicAlias: 0 } });
    expect((await pub.expect("disconnect")).reasonCode).toBe(ReasonCode.TopicAliasInvalid);
  });

  it("an empty topic with an alias that was never set is a protocol error (§3.3.2.3.4)", async () => {
    const { host } = createTestHost();
    const pub = await pool.connect(host, "pub");
    pub.publish("", "y", { properties: { topicAlias: 1 } });
    expect((await pub.expect("disconnect")).reasonCode).toBe(ReasonCode.ProtocolError);
  });

  it("an empty topic without an alias is a protocol error (§3.3.2.1)", async () => {
    const { host } = createTestHost();
    const pub = await pool.connect(host, "pub");
    pub.sendRaw(Buffer.from([0x30, 0x04, 0x00, 0x00, 0x00, 0x61])); // PUBLISH QoS 0, topic "", no properties, payload "a"
    expect((await pub.expect("disconnect")).reasonCode).toBe(ReasonCode.ProtocolError);
  });

  it("[MQTT-3.3.2-7] aliases do not carry over to the next connection, even of the same session", async () => {
    const { host } = createTestHost();
    const session = { clean: false, properties: { sessionExpiryInterval: 60 } };
    const first = await pool.connect(host, "pub", session);
    first.publish("carried", "1", { properties: { topicAlias: 1 } });
    first.send({ cmd: "disconnect", reasonCode: 0 });
    await first.closed;
    const second = await pool.connect(host, "pub", session);
    second.publish("", "2", { properties: { topicAlias: 1 } });
    expect((await second.expect("disconnect")).reasonCode).toBe(ReasonCode.ProtocolError);
  });
});

describe("outbound topic aliases", () => {
  it("[MQTT-3.1.2-26] assigns aliases up to the client's maximum, sends the topic once per alias, then reuses the alias", async () => {
    const { host } = createTestHost();
    const sub = await pool.connect(host, "sub", { properties: { topicAliasMaximum: 2 } });
    await sub.subscribe("o/#");
    const pub = await pool.connect(host, "pub");
    for (const t of ["o/a", "o/b", "o/a", "o/c", "o/b", "o/c"]) pub.publish(t, t);
    const got = await topics(sub, 6);
    expect(got).toEqual([["o/a", 1], ["o/b", 2], ["", 1], ["o/c", undefined], ["", 2], ["o/c", undefined]]);
    // The payloads show which topic each aliased PUBLISH stands for.
    expect(sub.received.filter((p) => p.cmd === "publish").map((p) => String((p as mqttPacket.IPublishPacket).payload))).toEqual(["o/a", "o/b", "o/a", "o/c", "o/b", "o/c"]);
  });

  it("[MQTT-3.1.2-27] sends no aliases to a client without a Topic Alias Maximum, nor to MQTT 3.1.1 clients", async () => {
    const { host } = createTestHost();
    const none = await pool.connect(host, "none");
    await none.subscribe("n");
    const old = await pool.connect(host, "old", {}, 4);
    await old.subscribe("n");
    const pub = await pool.connect(host, "pub");
    pub.publish("n", "1");
    pub.publish("n", "2");
    expect(await topics(none, 2)).toEqual([["n", undefined], ["n", undefined]]);
    expect((await topics(old, 2)).map(([t]) => t)).toEqual(["n", "n"]);
  });

  it("gives aliased and non-aliased subscribers of the same message each their own encoding", async () => {
    const { host } = createTestHost();
    const plain = await pool.connect(host, "plain");
    await plain.subscribe("m");
    const aliased = await pool.connect(host, "aliased", { properties: { topicAliasMaximum: 1 } });
    await aliased.subscribe("m");
    const pub = await pool.connect(host, "pub");
    pub.publish("m", "1");
    pub.publish("m", "2");
    expect(await topics(plain, 2)).toEqual([["m", undefined], ["m", undefined]]);
    expect(await topics(aliased, 2)).toEqual([["m", 1], ["", 1]]);
  });

  it("[MQTT-3.3.2-7] starts over on a new connection: the topic is sent again with the alias", async () => {
    const { host } = createTestHost();
    const session = { clean: false, properties: { sessionExpiryInterval: 60, topicAliasMaximum: 1 } };
    const sub = await pool.connect(host, "sub", session);
    await sub.subscribe("r");
    const pub = await pool.connect(host, "pub");
    pub.publish("r", "1");
    expect(await topics(sub, 1)).toEqual([["r", 1]]);
    sub.end();
    await sub.closed;
    const again = await pool.connect(host, "sub", session);
    pub.publish("r", "2");
    expect(await topics(again, 1)).toEqual([["r", 1]]);
  });

  it("does not spend an alias on a message skipped as too large: the next one to that topic carries the topic", async () => {
    const { host, broker } = createTestHost();
    const sub = await pool.connect(host, "sub", { properties: { topicAliasMaximum: 1, maximumPacketSize: 100 } });
    await sub.subscribe("big");
    const pub = await pool.connect(host, "pub");
    pub.publish("big", Buffer.alloc(200));
    pub.publish("big", "small");
    pub.publish("big", "again");
    expect(await topics(sub, 2)).toEqual([["big", 1], ["", 1]]);
    expect(broker.stats.drops.too_large).toBe(1);
  });
});
