// Quality of service over real sockets: QoS 0/1/2 in both directions with MQTT.js (v5 and
// 3.1.1), the client's Receive Maximum, redelivery with DUP on reconnect, exactly-once for
// retransmitted QoS 2 PUBLISHes, and ordering per publisher.
import type { MqttClient, Packet } from "mqtt";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inbox, startTestServer, type TestServer, uniqueTopic, waitFor } from "../test/server-fixture.ts";

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t?.stop());

let idCounter = 0;
const clientId = (name: string) => `${name}-${process.pid}-${++idCounter}`;

/** Makes an MQTT.js client keep its acknowledgements: messages are still emitted, never acked. */
function withholdAcks(client: MqttClient): void {
  client.handleMessage = () => {};
}

describe.each([5, 4] as const)("MQTT %s: QoS in both directions", (protocolVersion) => {
  it("delivers at the lower of the published and the granted QoS [MQTT-3.8.4-8]", async () => {
    const topic = uniqueTopic("qos-matrix");
    const subscribers = await Promise.all([0, 1, 2].map(() => t.connect({ protocolVersion })));
    const granted = await Promise.all(subscribers.map((s, qos) => s.subscribeAsync(topic, { qos: qos as 0 | 1 | 2 })));
    expect(granted.map((g) => g[0].qos)).toEqual([0, 1, 2]); // granted as requested
    const publisher = await t.connect({ protocolVersion });
    for (const qos of [0, 1, 2] as const) await publisher.publishAsync(topic, `published at ${qos}`, { qos });
    for (const [subQos, subscriber] of subscribers.entries()) {
      const received = await inbox(subscriber).take(3);
      expect(received.map((m) => [m.payload, m.packet.qos])).toEqual([0, 1, 2].map((pubQos) => [`published at ${pubQos}`, Math.min(pubQos, subQos)]));
    }
  });

  it("acknowledges QoS 1 with PUBACK and QoS 2 with PUBREC/PUBCOMP, 0x10 when nobody subscribed", async () => {
    const topic = uniqueTopic("acks");
    const publisher = await t.connect({ protocolVersion });
    const acks: Packet[] = [];
    publisher.on("packetreceive", (p) => {
      if (p.cmd === "puback" || p.cmd === "pubrec" || p.cmd === "pubcomp") acks.push(p);
    });
    await publisher.publishAsync(topic, "nobody", { qos: 1 });
    await publisher.publishAsync(topic, "nobody", { qos: 2 });
    const subscriber = await t.connect({ protocolVersion });
    await subscriber.subscribeAsync(topic, { qos: 2 });
    await publisher.publishAsync(topic, "somebody", { qos: 1 });
    await publisher.publishAsync(topic, "somebody", { qos: 2 });
    const codes = acks.map((p) => [p.cmd, (p as { reasonCode?: number }).reasonCode ?? 0]);
    // [MQTT-3.4.2-1] [MQTT-3.5.2-1] MQTT 5 reports "No matching subscribers"; 3.1.1 has no reason codes.
    const none = protocolVersion === 5 ? 0x10 : 0;
    expect(codes).toEqual([["puback", none], ["pubrec", none], ["pubcomp", 0], ["puback", 0], ["pubrec", 0], ["pubcomp", 0]]);
    expect((await inbox(subscriber).take(2)).map((m) => m.packet.qos)).toEqual([1, 2]);
  });

  it("runs the QoS 2 flow to a subscriber: PUBLISH → PUBREC → PUBREL → PUBCOMP [MQTT-4.3.3-4]", async () => {
    const topic = uniqueTopic("qos2-out");
    const subscriber = await t.connect({ protocolVersion });
    await subscriber.subscribeAsync(topic, { qos: 2 });
    const flow: string[] = [];
    subscriber.on("packetreceive", (p) => flow.push(`in:${p.cmd}`));
    subscriber.on("packetsend", (p) => flow.push(`out:${p.cmd}`));
    const publisher = await t.connect({ protocolVersion });
    await publisher.publishAsync(topic, "exactly once", { qos: 2 });
    await waitFor(() => flow.includes("out:pubcomp"));
    expect(flow).toEqual(["in:publish", "out:pubrec", "in:pubrel", "out:pubcomp"]);
    expect((await inbox(subscriber).one()).payload).toBe("exactly once");
  });
});

describe("exactly once from a publisher", () => {
  it("acknowledges a retransmitted QoS 2 PUBLISH without delivering it again [MQTT-4.3.3-10] [MQTT-4.3.3-11]", async () => {
    const topic = uniqueTopic("qos2-dup-in");
    const subscriber = await t.connect();
    await subscriber.subscribeAsync(topic, { qos: 2 });
    const raw = t.raw(5);
    await raw.connect({ clientId: clientId("qos2-dup-in") });
    raw.publish(topic, "once", { qos: 2, messageId: 7 });
    expect(await raw.expect("pubrec")).toMatchObject({ messageId: 7, reasonCode: 0 });
    raw.publish(topic, "once", { qos: 2, messageId: 7, dup: true });
    expect(await raw.expect("pubrec")).toMatchObject({ messageId: 7 });
    raw.send({ cmd: "pubrel", messageId: 7 });
    expect(await raw.expect("pubcomp")).toMatchObject({ messageId: 7, reasonCode: 0 });
    // A PUBREL for an id no longer awaiting release: PUBCOMP 0x92.
    raw.send({ cmd: "pubrel", messageId: 7 });
    expect(await raw.expect("pubcomp")).toMatchObject({ messageId: 7, reasonCode: 0x92 });
    raw.publish(topic, "marker", { qos: 0 });
    expect((await inbox(subscriber).take(2)).map((m) => m.payload)).toEqual(["once", "marker"]);
  });

  it("disconnects a client exceeding the server's Receive Maximum with 0x93 [MQTT-3.3.4-7]", async () => {
    const topic = uniqueTopic("receive-max-in");
    const raw = t.raw(5);
    const connack = await raw.connect({ clientId: clientId("receive-max-in") });
    const receiveMaximum = connack.properties!.receiveMaximum!;
    for (let id = 1; id <= receiveMaximum + 1; id++) raw.publish(topic, "unreleased", { qos: 2, messageId: id });
    for (let id = 1; id <= receiveMaximum; id++) await raw.expect("pubrec");
    expect(await raw.expect("disconnect")).toMatchObject({ reasonCode: 0x93 });
  });
});

describe("receive maximum", () => {
  it("never has more QoS 1/2 messages in flight than the client's Receive Maximum [MQTT-3.3.4-9]", async () => {
    const topic = uniqueTopic("receive-max");
    const raw = t.raw(5);
    await raw.connect({ clientId: clientId("receive-max"), properties: { receiveMaximum: 2 } });
    await raw.subscribe(topic, { qos: 2 });
    const publisher = await t.connect();
    for (let i = 1; i <= 4; i++) await publisher.publishAsync(topic, `m${i}`, { qos: i <= 2 ? 1 : 2 });

    const first = await raw.expect("publish");
    const second = await raw.expect("publish");
    expect([first.payload.toString(), second.payload.toString()]).toEqual(["m1", "m2"]);
    expect(await raw.nothingWithin(150)).toBe(true);
    raw.send({ cmd: "puback", messageId: first.messageId });
    const third = await raw.expect("publish");
    expect([third.payload.toString(), third.qos]).toEqual(["m3", 2]);
    expect(await raw.nothingWithin(150)).toBe(true);
    // A QoS 2 message holds its slot until PUBCOMP, not PUBREC.
    raw.send({ cmd: "pubrec", messageId: third.messageId });
    expect(await raw.expect("pubrel")).toMatchObject({ messageId: third.messageId });
    expect(await raw.nothingWithin(150)).toBe(true);
    raw.send({ cmd: "pubcomp", messageId: third.messageId });
    expect((await raw.expect("publish")).payload.toString()).toBe("m4");
  });

  it("delivers everything, in order, to an MQTT.js client with a small Receive Maximum", async () => {
    const topic = uniqueTopic("receive-max-mqttjs");
    const subscriber = await t.connect({ properties: { receiveMaximum: 3 } });
    await subscriber.subscribeAsync(topic, { qos: 1 });
    const publisher = await t.connect();
    const payloads = Array.from({ length: 50 }, (_, i) => `m${i}`);
    await Promise.all(payloads.map((p) => publisher.publishAsync(topic, p, { qos: 1 })));
    expect((await inbox(subscriber).take(50)).map((m) => m.payload)).toEqual(payloads);
  });
});

describe.each([5, 4] as const)("MQTT %s: redelivery on reconnect", (protocolVersion) => {
  const persistent = protocolVersion === 5 ? { clean: false, properties: { sessionExpiryInterval: 60 } } : { clean: false };

  it("resends unacknowledged QoS 1 and 2 PUBLISHes with DUP set, same ids, same order [MQTT-4.4.0-1] [MQTT-3.3.1-1]", async () => {
    const id = clientId(`redeliver-v${protocolVersion}`);
    const topic = uniqueTopic("redeliver");
    const first = await t.connect({ protocolVersion, clientId: id, ...persistent });
    await first.subscribeAsync(topic, { qos: 2 });
    withholdAcks(first);
    const publisher = await t.connect({ protocolVersion });
    await publisher.publishAsync(topic, "one", { qos: 1 });
    await publisher.publishAsync(topic, "two", { qos: 2 });
    // MQTT.js handles one packet at a time, so it shows "one" and sits on it; "two" is in flight too.
    const [original] = await inbox(first).take(1);
    expect([original.payload, original.packet.dup]).toEqual(["one", false]);
    await waitFor(() => t.broker.sessionFor(id)?.inflight.size === 2);
    first.stream.destroy(); // the network fails: nothing was acknowledged
    await waitFor(() => t.broker.sessionFor(id)?.connection === null);

    const second = await t.connect({ protocolVersion, clientId: id, ...persistent });
    const resent = await inbox(second).take(2);
    expect(resent.map((m) => [m.payload, m.packet.qos, m.packet.dup])).toEqual([["one", 1, true], ["two", 2, true]]);
    expect(resent[0].packet.messageId).toBe(original.packet.messageId);
    await publisher.publishAsync(topic, "three", { qos: 1 });
    expect((await inbox(second).one()).packet.dup).toBe(false);
  });

  it("resends PUBREL for a QoS 2 message the client had already received [MQTT-4.4.0-1]", async () => {
    const id = clientId(`redeliver-pubrel-v${protocolVersion}`);
    const topic = uniqueTopic("redeliver-pubrel");
    const raw = t.raw(protocolVersion);
    await raw.connect({ protocolVersion, clientId: id, ...persistent });
    await raw.subscribe(topic, { qos: 2 });
    const publisher = await t.connect({ protocolVersion });
    await publisher.publishAsync(topic, "received", { qos: 2 });
    const publish = await raw.expect("publish");
    raw.send({ cmd: "pubrec", messageId: publish.messageId });
    await raw.expect("pubrel");
    raw.end(); // gone before PUBCOMP
    await raw.closed;
    await waitFor(() => t.broker.sessionFor(id)?.connection === null);

    const again = t.raw(protocolVersion);
    const connack = await again.connect({ protocolVersion, clientId: id, ...persistent });
    expect(connack.sessionPresent).toBe(true);
    expect(await again.expect("pubrel")).toMatchObject({ messageId: publish.messageId });
    again.send({ cmd: "pubcomp", messageId: publish.messageId });
    expect(await again.nothingWithin(150)).toBe(true);
  });
});

describe("ordering", () => {
  it("delivers each publisher's messages in the order published, across QoS levels and topics [MQTT-4.6.0-6]", async () => {
    const root = uniqueTopic("order");
    const subscriber = await t.connect();
    await subscriber.subscribeAsync(`${root}/#`, { qos: 2 });
    // Wire order: MQTT.js emits a QoS 2 message only at PUBREL, later than a QoS 1 one behind it.
    const received: string[] = [];
    subscriber.on("packetreceive", (p) => {
      if (p.cmd === "publish") received.push(p.payload.toString());
    });
    const publishers = await Promise.all([t.connect(), t.connect({ protocolVersion: 4 })]);
    const count = 60;
    await Promise.all(
      publishers.map((publisher, p) =>
        Promise.all(Array.from({ length: count }, (_, i) => publisher.publishAsync(`${root}/${i % 3}`, `p${p}:${i}`, { qos: ((i % 2) + 1) as 1 | 2 }))),
      ),
    );
    await waitFor(() => received.length === 2 * count, 3000, () => `received ${received.length} of ${2 * count}`);
    for (const p of [0, 1]) {
      expect(received.filter((r) => r.startsWith(`p${p}:`))).toEqual(Array.from({ length: count }, (_, i) => `p${p}:${i}`));
    }
  });

  it("keeps QoS 0 messages in order", async () => {
    const topic = uniqueTopic("order-qos0");
    const subscriber = await t.connect();
    await subscriber.subscribeAsync(topic, { qos: 0 });
    const publisher = await t.connect();
    const payloads = Array.from({ length: 200 }, (_, i) => `m${i}`);
    for (const p of payloads) publisher.publish(topic, p, { qos: 0 });
    expect((await inbox(subscriber).take(200)).map((m) => m.payload)).toEqual(payloads);
  });
});
