// Retained messages (set, replace, clear) and will messages (when they are and are not
// published, will delay against reconnects and session expiry) over real sockets with MQTT.js.
import type { IClientOptions } from "mqtt";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closed, inbox, startTestServer, type TestServer, uniqueTopic, waitFor } from "../test/server-fixture.ts";

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t?.stop());

let idCounter = 0;
const clientId = (name: string) => `${name}-${process.pid}-${++idCounter}`;

/** Subscribes a new client to `filter` and `marker`, publishes the marker, returns what came before it. */
async function retainedOnSubscribe(filter: string, options: IClientOptions = {}, qos: 0 | 1 | 2 = 2) {
  const marker = uniqueTopic("marker");
  const subscriber = await t.connect(options);
  await subscriber.subscribeAsync(filter, { qos });
  await subscriber.subscribeAsync(marker);
  await subscriber.publishAsync(marker, "marker", { qos: 1 });
  const got = [];
  for (let m = await inbox(subscriber).one(); m.topic !== marker; m = await inbox(subscriber).one()) got.push(m);
  return got;
}

describe("retained messages", () => {
  it("are set, replaced and cleared [MQTT-3.3.1-5] [MQTT-3.3.1-6] [MQTT-3.3.1-7]", async () => {
    const topic = uniqueTopic("retained");
    const publisher = await t.connect();
    await publisher.publishAsync(topic, "v1", { qos: 1, retain: true });
    expect((await retainedOnSubscribe(topic)).map((m) => [m.payload, m.packet.retain])).toEqual([["v1", true]]);

    await publisher.publishAsync(topic, "v2", { qos: 1, retain: true });
    await publisher.publishAsync(topic, "not retained", { qos: 1 }); // does not replace it
    expect((await retainedOnSubscribe(topic)).map((m) => m.payload)).toEqual(["v2"]);

    const live = await t.connect();
    await live.subscribeAsync(topic, { qos: 0, rh: 2 });
    await publisher.publishAsync(topic, "", { qos: 1, retain: true });
    // Current subscribers get the empty message like any other [MQTT-3.3.1-6].
    expect((await inbox(live).one()).payload).toBe("");
    expect(await retainedOnSubscribe(topic)).toEqual([]);
  });

  it("are sent at the lower of their QoS and the subscription's, with their properties [MQTT-3.3.1-9]", async () => {
    const topic = uniqueTopic("retained-qos");
    const publisher = await t.connect();
    await publisher.publishAsync(topic, "qos 2", {
      qos: 2,
      retain: true,
      properties: { contentType: "text/plain", payloadFormatIndicator: true, userProperties: { origin: "test" }, responseTopic: `${topic}/reply`, correlationData: Buffer.from([1, 2]) },
    });
    const [atQos1] = await retainedOnSubscribe(topic, {}, 1);
    expect([atQos1.payload, atQos1.packet.qos, atQos1.packet.retain]).toEqual(["qos 2", 1, true]);
    expect(atQos1.packet.properties).toMatchObject({ contentType: "text/plain", payloadFormatIndicator: true, userProperties: { origin: "test" }, responseTopic: `${topic}/reply`, correlationData: Buffer.from([1, 2]) });
    const [atQos2] = await retainedOnSubscribe(topic, {}, 2);
    expect(atQos2.packet.qos).toBe(2);
    await publisher.publishAsync(topic, "", { retain: true });
  });

  it("are all sent to a wildcard subscription, also to MQTT 3.1.1 clients", async () => {
    const root = uniqueTopic("retained-wild");
    const publisher = await t.connect({ protocolVersion: 4 });
    for (const leaf of ["a", "b/c", "d"]) await publisher.publishAsync(`${root}/${leaf}`, leaf, { qos: 1, retain: true });
    const got = await retainedOnSubscribe(`${root}/#`, { protocolVersion: 4 });
    expect(got.map((m) => [m.topic, m.payload, m.packet.retain]).sort()).toEqual([
      [`${root}/a`, "a", true],
      [`${root}/b/c`, "b/c", true],
      [`${root}/d`, "d", true],
    ]);
  });
});

describe("will messages", () => {
  const willProperties = {
    contentType: "application/json",
    payloadFormatIndicator: true,
    messageExpiryInterval: 300,
    responseTopic: "reply/here",
    correlationData: Buffer.from("corr"),
    userProperties: { reason: "gone" },
  };

  async function watcher(topic: string) {
    const client = await t.connect();
    await client.subscribeAsync(topic, { qos: 1 });
    return inbox(client);
  }

  it("is published with its properties when the connection drops [MQTT-3.1.2-8]", async () => {
    const topic = uniqueTopic("will");
    const watched = await watcher(topic);
    const client = await t.connect({ will: { topic, payload: Buffer.from('{"alive":false}'), qos: 1, retain: false, properties: willProperties } });
    client.stream.destroy();
    const will = await watched.one();
    expect([will.payload, will.packet.qos, will.packet.retain]).toEqual(['{"alive":false}', 1, false]);
    expect(will.packet.properties).toMatchObject({ ...willProperties, messageExpiryInterval: expect.any(Number) });
    expect(will.packet.properties!.messageExpiryInterval).toBeLessThanOrEqual(300);
  });

  it("is published when the server closes the connection for a protocol error [MQTT-3.1.2-8]", async () => {
    const topic = uniqueTopic("will-error");
    const watched = await watcher(topic);
    const raw = t.raw(5);
    await raw.connect({ clientId: clientId("will-error"), will: { topic, payload: Buffer.from("error"), qos: 0, retain: false } });
    raw.send({ cmd: "connect", protocolId: "MQTT", protocolVersion: 5, clean: true, keepalive: 60, clientId: "again" });
    expect(await raw.expect("disconnect")).toMatchObject({ reasonCode: 0x82 });
    expect((await watched.one()).payload).toBe("error");
  });

  it.each([5, 4] as const)("MQTT %s: is discarded on a normal DISCONNECT [MQTT-3.1.2-10] [MQTT-3.14.4-3]", async (protocolVersion) => {
    const topic = uniqueTopic("will-discarded");
    const watched = await watcher(topic);
    const client = await t.connect({ protocolVersion, will: { topic, payload: Buffer.from("should not"), qos: 1, retain: false } });
    await client.endAsync();
    const marker = await t.connect();
    await marker.publishAsync(topic, "marker", { qos: 1 });
    expect((await watched.one()).payload).toBe("marker");
  });

  it("MQTT 3.1.1: is published when the connection drops, retained when asked [MQTT-3.1.2-8] [MQTT-3.1.2-17]", async () => {
    const topic = uniqueTopic("will-v4");
    const watched = await watcher(topic);
    const client = await t.connect({ protocolVersion: 4, will: { topic, payload: Buffer.from("v4 gone"), qos: 1, retain: true } });
    client.stream.destroy();
    const will = await watched.one();
    expect([will.payload, will.packet.qos]).toEqual(["v4 gone", 1]);
    expect((await retainedOnSubscribe(topic)).map((m) => [m.payload, m.packet.retain])).toEqual([["v4 gone", true]]);
  });

  it("is published on DISCONNECT with reason 0x04", async () => {
    const topic = uniqueTopic("will-0x04");
    const watched = await watcher(topic);
    const client = await t.connect({ will: { topic, payload: Buffer.from("asked for"), qos: 0, retain: false } });
    await client.endAsync(false, { reasonCode: 0x04 });
    expect((await watched.one()).payload).toBe("asked for");
  });

  it("is published on takeover of a persistent session when it has no delay [MQTT-3.1.4-3]", async () => {
    const topic = uniqueTopic("will-takeover");
    const watched = await watcher(topic);
    const id = clientId("will-takeover");
    const persistent = { clientId: id, clean: false, properties: { sessionExpiryInterval: 60 } };
    const first = await t.connect({ ...persistent, will: { topic, payload: Buffer.from("taken over"), qos: 1, retain: false } });
    await t.connect(persistent);
    await closed(first);
    expect((await watched.one()).payload).toBe("taken over");
  });

  it("waits for the will delay; a reconnect in time cancels it; session end publishes it early [MQTT-3.1.3-9]", async () => {
    const topic = uniqueTopic("will-delay");
    const watched = await watcher(topic);
    const will = (payload: string, willDelayInterval: number) => ({ topic, payload: Buffer.from(payload), qos: 1 as const, retain: false, properties: { willDelayInterval } });
    const ids = { delayed: clientId("delayed"), resumed: clientId("resumed"), ending: clientId("ending"), noSession: clientId("no-session") };
    const delayed = await t.connect({ clientId: ids.delayed, clean: false, properties: { sessionExpiryInterval: 60 }, will: will("delayed", 1) });
    const resumed = await t.connect({ clientId: ids.resumed, clean: false, properties: { sessionExpiryInterval: 60 }, will: will("resumed", 1) });
    // Will delay longer than the session: published when the session ends.
    const ending = await t.connect({ clientId: ids.ending, clean: false, properties: { sessionExpiryInterval: 1 }, will: will("session ended", 60) });
    const noSession = await t.connect({ clientId: ids.noSession, properties: { sessionExpiryInterval: 0 }, will: will("no session", 60) });

    const droppedAt = Date.now();
    for (const client of [delayed, resumed, ending, noSession]) client.stream.destroy();
    // A session expiry of 0 ends the session with the connection, so its will goes out at once.
    expect((await watched.one()).payload).toBe("no session");
    expect(Date.now() - droppedAt).toBeLessThan(500);
    await waitFor(() => t.broker.sessionFor(ids.resumed)?.connection === null);
    await t.connect({ clientId: ids.resumed, clean: false, properties: { sessionExpiryInterval: 60 } });

    const late = await watched.take(2, 2500);
    expect(Date.now() - droppedAt).toBeGreaterThanOrEqual(990); // timers may fire a few ms early
    expect(late.map((m) => m.payload).sort()).toEqual(["delayed", "session ended"]);
    // "resumed" would have been due with "delayed"; give it a moment to show up if it were sent.
    await watched.none(200);
  });
});
