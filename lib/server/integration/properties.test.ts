// MQTT 5 properties over real sockets with MQTT.js: topic aliases both ways, maximum packet size
// both ways, message expiry, user properties, payload format and content type, request/response
// (response topic, correlation data, response information).
import type { IPublishPacket } from "mqtt";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inbox, nextPacket, startTestServer, type TestServer, uniqueTopic, waitFor } from "../test/server-fixture.ts";

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t?.stop());

let idCounter = 0;
const clientId = (name: string) => `${name}-${process.pid}-${++idCounter}`;

describe("topic aliases", () => {
  it("client → server: an alias stands for its topic until remapped [MQTT-3.3.2-12]", async () => {
    const root = uniqueTopic("alias-in");
    const subscriber = await t.connect();
    await subscriber.subscribeAsync(`${root}/#`);
    const publisher = await t.connect();
    await publisher.publishAsync(`${root}/a`, "1", { properties: { topicAlias: 1 } });
    await publisher.publishAsync("", "2", { properties: { topicAlias: 1 } });
    await publisher.publishAsync(`${root}/b`, "3", { properties: { topicAlias: 1 } }); // remapped
    await publisher.publishAsync("", "4", { qos: 1, properties: { topicAlias: 1 } });
    expect((await inbox(subscriber).take(4)).map((m) => [m.topic, m.payload])).toEqual([
      [`${root}/a`, "1"],
      [`${root}/a`, "2"],
      [`${root}/b`, "3"],
      [`${root}/b`, "4"],
    ]);
  });

  it("client → server: MQTT.js auto-assigned aliases resolve, and retained messages keep their topic", async () => {
    const topic = uniqueTopic("alias-auto");
    const subscriber = await t.connect();
    await subscriber.subscribeAsync(topic);
    const publisher = await t.connect({ autoAssignTopicAlias: true });
    const sent: IPublishPacket[] = [];
    publisher.on("packetsend", (p) => p.cmd === "publish" && sent.push(p));
    for (const p of ["1", "2", "3"]) await publisher.publishAsync(topic, p, { qos: 1, retain: p === "3" });
    expect(sent.map((p) => [p.topic, p.properties?.topicAlias])).toEqual([
      [topic, 1],
      ["", 1],
      ["", 1],
    ]);
    expect((await inbox(subscriber).take(3)).map((m) => [m.topic, m.payload])).toEqual([
      [topic, "1"],
      [topic, "2"],
      [topic, "3"],
    ]);
    const late = await t.connect();
    await late.subscribeAsync(topic);
    const retained = await inbox(late).one();
    expect([retained.topic, retained.payload, retained.packet.properties?.topicAlias]).toEqual([topic, "3", undefined]);
    await publisher.publishAsync(topic, "", { retain: true });
  });

  it("client → server: alias 0 or above the maximum is 0x94, an unknown alias 0x82 [MQTT-3.3.2-8] [MQTT-3.3.2-9]", async () => {
    const cases: Array<[Partial<IPublishPacket>, number]> = [
      [{ topic: "a", properties: { topicAlias: 0 } }, 0x94],
      [{ topic: "a", properties: { topicAlias: 65 } }, 0x94],
      [{ topic: "", properties: { topicAlias: 5 } }, 0x82],
    ];
    for (const [packet, reasonCode] of cases) {
      const raw = t.raw(5);
      const connack = await raw.connect({ clientId: clientId("alias-bad") });
      expect(connack.properties?.topicAliasMaximum).toBe(64);
      raw.send({ cmd: "publish", qos: 0, dup: false, retain: false, payload: "x", topic: "a", ...packet } as IPublishPacket);
      expect(await raw.expect("disconnect")).toMatchObject({ reasonCode });
    }
  });

  it("client → server: aliases do not carry over to a new connection [MQTT-3.3.2-7]", async () => {
    const id = clientId("alias-reconnect");
    const first = t.raw(5);
    await first.connect({ clientId: id, clean: false, properties: { sessionExpiryInterval: 60 } });
    first.publish("alias/reconnect", "x", { properties: { topicAlias: 1 } });
    first.end();
    await first.closed;
    await waitFor(() => t.broker.sessionFor(id)?.connection === null);
    const second = t.raw(5);
    await second.connect({ clientId: id, clean: false, properties: { sessionExpiryInterval: 60 } });
    second.publish("", "x", { properties: { topicAlias: 1 } });
    expect(await second.expect("disconnect")).toMatchObject({ reasonCode: 0x82 });
  });

  it("server → client: aliases up to the client's maximum, then full topics; none without a maximum [MQTT-3.1.2-26] [MQTT-3.1.2-27] [MQTT-3.3.2-11]", async () => {
    const root = uniqueTopic("alias-out");
    const withAliases = await t.connect({ properties: { topicAliasMaximum: 2 } });
    const withoutAliases = await t.connect();
    const wire: Array<[string, number | undefined]> = [];
    withAliases.on("packetreceive", (p) => p.cmd === "publish" && wire.push([p.topic.toString(), p.properties?.topicAlias]));
    const plainWire: Array<number | undefined> = [];
    withoutAliases.on("packetreceive", (p) => p.cmd === "publish" && plainWire.push(p.properties?.topicAlias));
    await withAliases.subscribeAsync(`${root}/#`, { qos: 1 });
    await withoutAliases.subscribeAsync(`${root}/#`, { qos: 1 });
    const publisher = await t.connect();
    const topics = ["a", "a", "b", "c", "c", "b"].map((leaf) => `${root}/${leaf}`);
    for (const [i, topic] of topics.entries()) await publisher.publishAsync(topic, String(i), { qos: 1 });
    expect((await inbox(withAliases).take(6)).map((m) => m.topic)).toEqual(topics);
    expect(wire).toEqual([
      [`${root}/a`, 1],
      ["", 1],
      [`${root}/b`, 2],
      [`${root}/c`, undefined],
      [`${root}/c`, undefined],
      ["", 2],
    ]);
    await inbox(withoutAliases).take(6);
    expect(plainWire).toEqual(Array(6).fill(undefined));
  });
});

describe("maximum packet size", () => {
  it("skips messages larger than the client's maximum, delivers the rest [MQTT-3.1.2-24] [MQTT-3.1.2-25]", async () => {
    const topic = uniqueTopic("max-packet-client");
    const subscriber = await t.connect({ properties: { maximumPacketSize: 256, receiveMaximum: 1 } });
    const errors: Error[] = [];
    subscriber.on("error", (e) => errors.push(e));
    await subscriber.subscribeAsync(topic, { qos: 1 });
    const publisher = await t.connect();
    await publisher.publishAsync(topic, "x".repeat(1000), { qos: 1 });
    await publisher.publishAsync(topic, "small", { qos: 1 });
    await publisher.publishAsync(topic, "y".repeat(300), { qos: 0 });
    await publisher.publishAsync(topic, "small again", { qos: 1 });
    // With a Receive Maximum of 1, "small" arriving proves the skipped message holds no slot.
    expect((await inbox(subscriber).take(2)).map((m) => m.payload)).toEqual(["small", "small again"]);
    expect(errors).toEqual([]);
  });

  it("disconnects a client that sends more than the server's maximum with 0x95 [MQTT-3.2.2-15]", async () => {
    const { client, connack } = await t.connectWithAck({ clientId: clientId("max-packet-server") });
    const maximum = connack.properties!.maximumPacketSize!;
    const disconnect = nextPacket(client, "disconnect");
    client.publishAsync(uniqueTopic("too-large"), Buffer.alloc(maximum), { qos: 1 }).catch(() => {});
    const packet = await disconnect;
    expect(packet.reasonCode).toBe(0x95);
    expect(packet.properties?.reasonString).toMatch(/maximum packet size/);
  });
});

describe("message expiry", () => {
  it("forwards the remaining lifetime and drops expired messages, queued and retained [MQTT-3.3.2-5] [MQTT-3.3.2-6]", async () => {
    const topic = uniqueTopic("expiry");
    const retainedTopic = uniqueTopic("expiry-retained");
    const id = clientId("expiry");
    const persistent = { clientId: id, clean: false, properties: { sessionExpiryInterval: 60 } };
    const offline = await t.connect(persistent);
    await offline.subscribeAsync(topic, { qos: 1 });
    await offline.endAsync();
    const live = await t.connect();
    await live.subscribeAsync(topic, { qos: 1 });

    const publisher = await t.connect();
    await publisher.publishAsync(topic, "short", { qos: 1, properties: { messageExpiryInterval: 1 } });
    await publisher.publishAsync(topic, "long", { qos: 1, properties: { messageExpiryInterval: 60 } });
    await publisher.publishAsync(topic, "forever", { qos: 1 });
    await publisher.publishAsync(retainedTopic, "short retained", { qos: 1, retain: true, properties: { messageExpiryInterval: 1 } });
    // An online subscriber gets the interval as published (no time has passed).
    expect((await inbox(live).take(3)).map((m) => [m.payload, m.packet.properties?.messageExpiryInterval])).toEqual([
      ["short", 1],
      ["long", 60],
      ["forever", undefined],
    ]);

    await new Promise((resolve) => setTimeout(resolve, 1100)); // let "short" expire
    const resumed = await t.connect(persistent);
    const queued = await inbox(resumed).take(2);
    expect(queued.map((m) => m.payload)).toEqual(["long", "forever"]);
    // 60 s minus the time it waited: at least 1.1 s, so at most 59 (a loaded machine may take longer).
    expect(queued[0].packet.properties?.messageExpiryInterval).toBeLessThanOrEqual(59);
    expect(queued[0].packet.properties?.messageExpiryInterval).toBeGreaterThan(50);
    expect(queued[1].packet.properties?.messageExpiryInterval).toBeUndefined();
    await resumed.subscribeAsync(retainedTopic);
    await publisher.publishAsync(topic, "marker", { qos: 1 });
    expect((await inbox(resumed).one()).payload).toBe("marker");
  });
});

describe("forwarded properties", () => {
  it("forwards payload format, content type, response topic, correlation data and user properties unaltered [MQTT-3.3.2-4] [MQTT-3.3.2-15] [MQTT-3.3.2-16] [MQTT-3.3.2-17] [MQTT-3.3.2-20]", async () => {
    const topic = uniqueTopic("props");
    const subscriber = await t.connect();
    await subscriber.subscribeAsync(topic, { qos: 1 });
    const v4 = await t.connect({ protocolVersion: 4 });
    await v4.subscribeAsync(topic, { qos: 1 });
    const publisher = await t.connect();
    const properties = {
      payloadFormatIndicator: true,
      contentType: "application/json; charset=utf-8",
      responseTopic: `${topic}/reply`,
      correlationData: Buffer.from([0, 1, 2, 255]),
      userProperties: { z: "last key first", a: ["1", "2"], "ключ": "значение" },
    };
    await publisher.publishAsync(topic, '{"ok":true}', { qos: 1, properties });
    await publisher.publishAsync(topic, "bare", { qos: 1 });
    const [rich, bare] = await inbox(subscriber).take(2);
    expect(rich.payload).toBe('{"ok":true}');
    expect(rich.packet.properties).toEqual(properties);
    // Key order survives too (MQTT.js groups repeated keys; mosquitto-cli.test.ts checks interleaving).
    expect(Object.keys(rich.packet.properties!.userProperties!)).toEqual(["z", "a", "ключ"]);
    expect(bare.packet.properties ?? {}).toEqual({});
    expect((await inbox(v4).take(2)).map((m) => m.payload)).toEqual(['{"ok":true}', "bare"]);
  });

  it("refuses a payload that is not UTF-8 when its format indicator says it is, with 0x99", async () => {
    const client = await t.connect();
    const disconnect = nextPacket(client, "disconnect");
    client.publishAsync(uniqueTopic("pfi"), Buffer.from([0xc3, 0x28]), { qos: 1, properties: { payloadFormatIndicator: true } }).catch(() => {});
    expect((await disconnect).reasonCode).toBe(0x99);
  });
});

describe("request / response", () => {
  it("returns Response Information only when asked [MQTT-3.1.2-28]", async () => {
    const id = clientId("rr-info");
    const asked = await t.connectWithAck({ clientId: id, properties: { requestResponseInformation: true } });
    expect(asked.connack.properties?.responseInformation).toBe(`response/${id}`);
    const notAsked = await t.connectWithAck({ clientId: clientId("rr-none"), properties: { requestResponseInformation: false } });
    expect(notAsked.connack.properties?.responseInformation).toBeUndefined();
  });

  it("carries a request and its correlated response between two clients", async () => {
    const requests = uniqueTopic("rr-requests");
    const { client: requester, connack } = await t.connectWithAck({ clientId: clientId("requester"), properties: { requestResponseInformation: true } });
    const responseTopic = `${connack.properties!.responseInformation!}/calc`;
    await requester.subscribeAsync(responseTopic, { qos: 1 });
    const responder = await t.connect();
    await responder.subscribeAsync(requests, { qos: 1 });
    responder.on("message", (_topic, payload, packet) => {
      const { responseTopic: replyTo, correlationData } = packet.properties ?? {};
      if (replyTo) void responder.publishAsync(replyTo, String(Number(payload.toString()) * 2), { qos: 1, properties: { correlationData } });
    });
    await requester.publishAsync(requests, "21", { qos: 1, properties: { responseTopic, correlationData: Buffer.from("req-1") } });
    await requester.publishAsync(requests, "50", { qos: 1, properties: { responseTopic, correlationData: Buffer.from("req-2") } });
    const responses = await inbox(requester).take(2);
    expect(responses.map((m) => [m.topic, m.payload, m.packet.properties?.correlationData?.toString()])).toEqual([
      [responseTopic, "42", "req-1"],
      [responseTopic, "100", "req-2"],
    ]);
  });
});
