// Subscriptions over real sockets with MQTT.js: `+`/`#` wildcards, `$`-topics, overlapping
// subscriptions, shared subscriptions, no-local, retain-as-published, retain handling,
// subscription identifiers, SUBACK/UNSUBACK reason codes and UNSUBSCRIBE.
import type { MqttClient } from "mqtt";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closed, inbox, nextPacket, startTestServer, type TestServer, uniqueTopic, waitFor } from "../test/server-fixture.ts";

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t?.stop());

let idCounter = 0;
const clientId = (name: string) => `${name}-${process.pid}-${++idCounter}`;

/** Topics of the messages `subscriber` receives before one on `markerTopic` (which it must subscribe). */
async function receivedBefore(subscriber: MqttClient, markerTopic: string): Promise<string[]> {
  const got: string[] = [];
  for (;;) {
    const message = await inbox(subscriber).one();
    if (message.topic === markerTopic) return got;
    got.push(message.topic);
  }
}

describe("wildcards", () => {
  const topics = ["sport", "sport/", "sport/tennis", "sport/tennis/player1", "sport/tennis/player1/ranking", "sport/tennis/player2", "/finance", "finance"];
  const cases: Array<[string, string[]]> = [
    ["sport/tennis/player1/#", ["sport/tennis/player1", "sport/tennis/player1/ranking"]], // [MQTT-4.7.1-2] # includes the parent
    ["sport/#", ["sport", "sport/", "sport/tennis", "sport/tennis/player1", "sport/tennis/player1/ranking", "sport/tennis/player2"]],
    ["sport/+", ["sport/", "sport/tennis"]],
    ["sport/+/player1", ["sport/tennis/player1"]],
    ["+/tennis/#", ["sport/tennis", "sport/tennis/player1", "sport/tennis/player1/ranking", "sport/tennis/player2"]],
    ["+", ["sport", "finance"]],
    ["+/+", ["sport/", "sport/tennis", "/finance"]],
    ["/+", ["/finance"]],
    ["#", topics],
    ["sport/tennis", ["sport/tennis"]],
  ];

  it.each(cases)("%s matches exactly the expected topics", async (filter, expected) => {
    const root = uniqueTopic("wild");
    const marker = `${root}/marker/x/y/z`;
    const subscriber = await t.connect();
    await subscriber.subscribeAsync([`${root}/${filter}`, marker]);
    const publisher = await t.connect({ protocolVersion: 4 });
    for (const topic of topics) await publisher.publishAsync(`${root}/${topic}`, topic);
    await publisher.publishAsync(marker, "marker");
    const got = await receivedBefore(subscriber, marker);
    expect(got.map((topic) => topic.slice(root.length + 1))).toEqual(expected);
  });

  it("does not match topics starting with $ by a leading wildcard [MQTT-4.7.2-1]", async () => {
    const dollar = `$it${process.pid}`;
    const wildcards = await t.connect();
    await wildcards.subscribeAsync(["#", "+/x", "+/+", "+/#"]);
    const explicit = await t.connect();
    await explicit.subscribeAsync([`${dollar}/x`, `${dollar}/#`, `${dollar}/+`]);
    const publisher = await t.connect();
    await publisher.publishAsync(`${dollar}/x`, "dollar");
    const marker = uniqueTopic("marker");
    await publisher.publishAsync(marker, "marker");
    expect(await receivedBefore(wildcards, marker)).toEqual([]);
    expect((await inbox(explicit).one()).payload).toBe("dollar");
    await inbox(explicit).none(50); // once, for three matching filters
  });

  it("serves $SYS topics to explicit subscribers and refuses client PUBLISHes there", async () => {
    const client = await t.connect();
    await client.subscribeAsync("$SYS/broker/version");
    const version = await inbox(client).one();
    expect([version.payload, version.packet.retain]).toEqual(["sluice 0.1.0", true]);
    await expect(client.publishAsync("$SYS/broker/version", "forged", { qos: 1 })).rejects.toMatchObject({ code: 0x87 });
  });
});

describe("overlapping subscriptions", () => {
  it("delivers once, at the highest QoS, with every subscription identifier [MQTT-3.3.4-2] [MQTT-3.3.4-3] [MQTT-3.3.4-4]", async () => {
    const root = uniqueTopic("overlap");
    const subscriber = await t.connect();
    await subscriber.subscribeAsync(`${root}/#`, { qos: 0, properties: { subscriptionIdentifier: 1 } });
    await subscriber.subscribeAsync(`${root}/+`, { qos: 2, properties: { subscriptionIdentifier: 2 } });
    await subscriber.subscribeAsync(`${root}/a`, { qos: 1 }); // no identifier
    const publisher = await t.connect();
    await publisher.publishAsync(`${root}/a`, "overlap", { qos: 2 });
    await publisher.publishAsync(`${root}/b/c`, "only #", { qos: 2 });
    const [overlap, onlyHash] = await inbox(subscriber).take(2);
    expect([overlap.payload, overlap.packet.qos]).toEqual(["overlap", 2]);
    expect([overlap.packet.properties?.subscriptionIdentifier].flat().sort()).toEqual([1, 2]);
    expect([onlyHash.payload, onlyHash.packet.qos, onlyHash.packet.properties?.subscriptionIdentifier]).toEqual(["only #", 0, 1]);
    await inbox(subscriber).none(100);
  });

  it("MQTT 3.1.1: delivers once at the highest QoS", async () => {
    const root = uniqueTopic("overlap-v4");
    const subscriber = await t.connect({ protocolVersion: 4 });
    await subscriber.subscribeAsync({ [`${root}/#`]: { qos: 1 }, [`${root}/+`]: { qos: 0 } });
    const publisher = await t.connect();
    await publisher.publishAsync(`${root}/a`, "overlap", { qos: 2 });
    const message = await inbox(subscriber).one();
    expect([message.payload, message.packet.qos]).toEqual(["overlap", 1]);
    await inbox(subscriber).none(100);
  });
});

describe("shared subscriptions", () => {
  it("hands each message to one member, round-robin, at its granted QoS; plain subscribers still get all [MQTT-4.8.2-3]", async () => {
    const topic = uniqueTopic("shared");
    const members = await Promise.all([t.connect(), t.connect(), t.connect({ protocolVersion: 4 })]);
    for (const [i, member] of members.entries()) await member.subscribeAsync(`$share/group/${topic}`, { qos: i === 2 ? 0 : 1 });
    const plain = await t.connect();
    await plain.subscribeAsync(topic, { qos: 1 });
    const publisher = await t.connect();
    const payloads = Array.from({ length: 9 }, (_, i) => `m${i}`);
    for (const p of payloads) await publisher.publishAsync(topic, p, { qos: 1 });
    const perMember = await Promise.all(members.map(async (m) => (await inbox(m).take(3)).map((r) => [r.payload, r.packet.qos])));
    expect(perMember).toEqual([0, 1, 2].map((member) => payloads.filter((_, i) => i % 3 === member).map((p) => [p, member === 2 ? 0 : 1])));
    expect((await inbox(plain).take(9)).map((r) => r.payload)).toEqual(payloads);
    for (const member of members) await inbox(member).none(50);
  });

  it("separates groups: each group gets every message once", async () => {
    const topic = uniqueTopic("shared-groups");
    const [a1, a2, b1] = await Promise.all([t.connect(), t.connect(), t.connect()]);
    await a1.subscribeAsync(`$share/a/${topic}`);
    await a2.subscribeAsync(`$share/a/${topic}`);
    await b1.subscribeAsync(`$share/b/${topic}`);
    const publisher = await t.connect();
    for (const p of ["x", "y"]) await publisher.publishAsync(topic, p, { qos: 1 });
    expect((await inbox(b1).take(2)).map((m) => m.payload)).toEqual(["x", "y"]);
    const groupA = [...(await inbox(a1).take(1)), ...(await inbox(a2).take(1))].map((m) => m.payload).sort();
    expect(groupA).toEqual(["x", "y"]);
  });

  it("loses nothing when a member leaves with QoS 1 messages unacknowledged", async () => {
    const topic = uniqueTopic("shared-leave");
    const leaving = await t.connect({ clientId: clientId("shared-leaving") });
    await leaving.subscribeAsync(`$share/group/${topic}`, { qos: 1 });
    leaving.handleMessage = () => {}; // never acknowledges
    const staying = await t.connect();
    await staying.subscribeAsync(`$share/group/${topic}`, { qos: 1 });
    const publisher = await t.connect();
    const payloads = ["m0", "m1", "m2", "m3"];
    for (const p of payloads) await publisher.publishAsync(topic, p, { qos: 1 });
    expect((await inbox(leaving).one()).payload).toBe("m0");
    leaving.stream.destroy(); // session expiry 0: its session ends, unacknowledged messages move on
    await closed(leaving);
    const got = (await inbox(staying).take(4)).map((m) => m.payload);
    expect([...got].sort()).toEqual(payloads);
  });

  it("does not hand a QoS 2 message already sent to a member that leaves to another member [MQTT-4.8.2-5]", async () => {
    const topic = uniqueTopic("shared-leave-qos2");
    const id = clientId("shared-leaving-qos2");
    const leaving = t.raw(5);
    await leaving.connect({ clientId: id });
    await leaving.subscribe(`$share/group/${topic}`, { qos: 2 });
    const staying = await t.connect();
    await staying.subscribeAsync(`$share/group/${topic}`, { qos: 2 });
    const publisher = await t.connect();
    await publisher.publishAsync(topic, "to the leaving member", { qos: 2 });
    const publish = await leaving.expect("publish");
    expect(publish.payload.toString()).toBe("to the leaving member");
    leaving.end(); // before PUBREC: the session ends with the delivery unfinished
    await leaving.closed;
    await waitFor(() => t.broker.sessionFor(id) === undefined);
    await publisher.publishAsync(topic, "next", { qos: 2 });
    expect((await inbox(staying).one()).payload).toBe("next");
  });

  it("sends to connected members while another member's persistent session is offline", async () => {
    const topic = uniqueTopic("shared-offline");
    const id = clientId("shared-offline");
    const offline = await t.connect({ clientId: id, clean: false, properties: { sessionExpiryInterval: 60 } });
    await offline.subscribeAsync(`$share/group/${topic}`, { qos: 1 });
    await offline.endAsync();
    const online = await t.connect();
    await online.subscribeAsync(`$share/group/${topic}`, { qos: 1 });
    const publisher = await t.connect();
    for (const p of ["a", "b", "c"]) await publisher.publishAsync(topic, p, { qos: 1 });
    expect((await inbox(online).take(3)).map((m) => m.payload)).toEqual(["a", "b", "c"]);
  });

  it("sends no retained messages to a new shared subscription", async () => {
    const topic = uniqueTopic("shared-retained");
    const publisher = await t.connect();
    await publisher.publishAsync(topic, "retained", { qos: 1, retain: true });
    const member = await t.connect();
    await member.subscribeAsync(`$share/group/${topic}`);
    await publisher.publishAsync(topic, "live", { qos: 1 });
    expect((await inbox(member).one()).payload).toBe("live");
  });

  it("treats no-local on a shared subscription as a protocol error 0x82 [MQTT-3.8.3-4]", async () => {
    const raw = t.raw(5);
    await raw.connect({ clientId: clientId("shared-nl") });
    raw.send({ cmd: "subscribe", messageId: 1, subscriptions: [{ topic: "$share/g/x", qos: 0, nl: true }] });
    expect(await raw.expect("disconnect")).toMatchObject({ reasonCode: 0x82 });
  });
});

describe("subscription options", () => {
  it("no-local: a client does not get its own messages back [MQTT-3.8.3-3]", async () => {
    const topic = uniqueTopic("no-local");
    const self = await t.connect();
    await self.subscribeAsync(topic, { qos: 1, nl: true });
    const other = await t.connect();
    await other.subscribeAsync(topic, { qos: 1 });
    await self.publishAsync(topic, "from self", { qos: 1 });
    await other.publishAsync(topic, "from other", { qos: 1 });
    expect((await inbox(self).one()).payload).toBe("from other");
    expect((await inbox(other).take(2)).map((m) => m.payload)).toEqual(["from self", "from other"]);
  });

  it("retain-as-published keeps the RETAIN flag on live messages, otherwise it is cleared [MQTT-3.3.1-12] [MQTT-3.3.1-13]", async () => {
    const topic = uniqueTopic("rap");
    const keep = await t.connect();
    await keep.subscribeAsync(topic, { qos: 1, rap: true });
    const clear = await t.connect();
    await clear.subscribeAsync(topic, { qos: 1, rap: false });
    const v4 = await t.connect({ protocolVersion: 4 });
    await v4.subscribeAsync(topic, { qos: 1 });
    const publisher = await t.connect();
    await publisher.publishAsync(topic, "retained", { qos: 1, retain: true });
    await publisher.publishAsync(topic, "plain", { qos: 1 });
    expect((await inbox(keep).take(2)).map((m) => [m.payload, m.packet.retain])).toEqual([["retained", true], ["plain", false]]);
    expect((await inbox(clear).take(2)).map((m) => [m.payload, m.packet.retain])).toEqual([["retained", false], ["plain", false]]);
    expect((await inbox(v4).take(2)).map((m) => [m.payload, m.packet.retain])).toEqual([["retained", false], ["plain", false]]);
    await publisher.publishAsync(topic, "", { retain: true });
  });

  it("retain handling 0: retained messages on every SUBSCRIBE, 1: only on a new subscription, 2: never [MQTT-3.3.1-9] [MQTT-3.3.1-10] [MQTT-3.3.1-11]", async () => {
    const topic = uniqueTopic("rh");
    const publisher = await t.connect();
    await publisher.publishAsync(topic, "retained", { qos: 1, retain: true });
    const marker = `${topic}/marker`;
    const clients = await Promise.all([0, 1, 2].map(() => t.connect()));
    for (const [rh, client] of clients.entries()) {
      await client.subscribeAsync(marker);
      await client.subscribeAsync(topic, { qos: 1, rh: rh as 0 | 1 | 2 });
      await client.subscribeAsync(topic, { qos: 1, rh: rh as 0 | 1 | 2 }); // again: replaces the subscription
    }
    await publisher.publishAsync(marker, "marker");
    const seen = await Promise.all(clients.map((c) => receivedBefore(c, marker)));
    expect(seen.map((topics) => topics.length)).toEqual([2, 1, 0]);
    // Sent on subscribe, so RETAIN is set [MQTT-3.3.1-9].
    expect(inbox(clients[0]).all[0].packet.retain).toBe(true);
    await publisher.publishAsync(topic, "", { retain: true });
  });

  it("subscription identifiers: sent with matching messages, replaced on re-subscribe [MQTT-3.8.4-3] [MQTT-3.3.4-3]", async () => {
    const topic = uniqueTopic("subid");
    const client = await t.connect();
    await client.subscribeAsync(topic, { properties: { subscriptionIdentifier: 268_435_455 } });
    const publisher = await t.connect();
    await publisher.publishAsync(topic, "first");
    expect((await inbox(client).one()).packet.properties?.subscriptionIdentifier).toBe(268_435_455);
    await client.subscribeAsync(topic, { properties: { subscriptionIdentifier: 42 } });
    await publisher.publishAsync(topic, "second");
    expect((await inbox(client).one()).packet.properties?.subscriptionIdentifier).toBe(42);
    await client.subscribeAsync(topic);
    await publisher.publishAsync(topic, "third");
    expect((await inbox(client).one()).packet.properties?.subscriptionIdentifier).toBeUndefined();
  });

  it("treats subscription identifier 0 as a protocol error 0x82", async () => {
    const raw = t.raw(5);
    await raw.connect({ clientId: clientId("subid0") });
    // SUBSCRIBE id 1, properties [Subscription Identifier 0], filter "x" QoS 0 (mqtt-packet will not encode it).
    raw.sendRaw(Buffer.from([0x82, 9, 0, 1, 2, 0x0b, 0, 0, 1, 0x78, 0]));
    expect(await raw.expect("disconnect")).toMatchObject({ reasonCode: 0x82 });
  });
});

describe("SUBACK and UNSUBSCRIBE", () => {
  it("SUBACK carries a reason code per filter, 0x8F for an invalid filter (0x80 in 3.1.1) [MQTT-3.8.4-1] [MQTT-3.9.3-1] [MQTT-4.7.1-1] [MQTT-4.7.1-2]", async () => {
    const raw = t.raw(5);
    await raw.connect({ clientId: clientId("suback") });
    raw.send({
      cmd: "subscribe",
      messageId: 3,
      subscriptions: [
        { topic: "a/b", qos: 2 },
        { topic: "a/#/b", qos: 1 },
        { topic: "a/+", qos: 1 },
        { topic: "a+", qos: 0 },
        { topic: "$share/g", qos: 0 },
      ],
    });
    expect(await raw.expect("suback")).toMatchObject({ messageId: 3, granted: [2, 0x8f, 1, 0x8f, 0x8f] });
    const v4 = t.raw(4);
    await v4.connect({ protocolVersion: 4, clientId: clientId("suback-v4") });
    v4.send({ cmd: "subscribe", messageId: 4, subscriptions: [{ topic: "a/b", qos: 1 }, { topic: "#/a", qos: 1 }] });
    expect(await v4.expect("suback")).toMatchObject({ messageId: 4, granted: [1, 0x80] });
  });

  it("UNSUBACK has a reason code per filter, 0x11 when there was none; no more messages after it [MQTT-3.10.4-1] [MQTT-3.10.4-2] [MQTT-3.10.4-4] [MQTT-3.11.3-1]", async () => {
    const topic = uniqueTopic("unsub");
    const client = await t.connect();
    await client.subscribeAsync([topic, `${topic}/kept`]);
    const unsuback = nextPacket(client, "unsuback");
    await client.unsubscribeAsync([topic, `${topic}/never`]);
    expect((await unsuback).granted).toEqual([0x00, 0x11]);
    const publisher = await t.connect();
    await publisher.publishAsync(topic, "after unsubscribe");
    await publisher.publishAsync(`${topic}/kept`, "kept");
    expect((await inbox(client).one()).payload).toBe("kept");
  });

  it("MQTT 3.1.1: UNSUBSCRIBE stops delivery and is acknowledged [MQTT-3.10.4-4]", async () => {
    const topic = uniqueTopic("unsub-v4");
    const client = await t.connect({ protocolVersion: 4 });
    await client.subscribeAsync([topic, `${topic}/kept`]);
    await client.unsubscribeAsync(topic);
    const publisher = await t.connect({ protocolVersion: 4 });
    await publisher.publishAsync(topic, "after unsubscribe");
    await publisher.publishAsync(`${topic}/kept`, "kept");
    expect((await inbox(client).one()).payload).toBe("kept");
  });
});
