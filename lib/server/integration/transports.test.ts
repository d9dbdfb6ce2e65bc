// One contract for every listener (STYLE rule 5): MQTT over TCP, TLS, WebSocket and secure
// WebSocket at /mqtt, with MQTT.js speaking 5 and 3.1.1. Then what is specific to each: TLS
// certificate verification, the WebSocket path and subprotocol.
import { WebSocket } from "ws";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HOST, inbox, startTestServer, type TestServer, type Transport, uniqueTopic } from "../test/server-fixture.ts";

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t?.stop());

const transports: Transport[] = ["mqtt", "mqtts", "ws", "wss"];
const matrix = transports.flatMap((transport) => ([5, 4] as const).map((version) => [transport, version] as const));

describe.each(matrix)("%s, MQTT %s", (transport, protocolVersion) => {
  it("exchanges QoS 0/1/2 messages with itself and with a client on plain TCP", async () => {
    const topic = uniqueTopic(`${transport}-v${protocolVersion}`);
    const { client, connack } = await t.connectWithAck({ protocolVersion }, transport);
    expect(connack.reasonCode ?? connack.returnCode).toBe(0);
    const other = await t.connect({ protocolVersion: protocolVersion === 5 ? 4 : 5 }, "mqtt");
    await client.subscribeAsync(`${topic}/in`, { qos: 2 });
    await other.subscribeAsync(`${topic}/out`, { qos: 2 });
    for (const qos of [0, 1, 2] as const) {
      await client.publishAsync(`${topic}/in`, `self ${qos}`, { qos });
      await client.publishAsync(`${topic}/out`, `out ${qos}`, { qos });
      await other.publishAsync(`${topic}/in`, `in ${qos}`, { qos });
    }
    const received = await inbox(client).take(6);
    expect(received.filter((m) => m.payload.startsWith("self")).map((m) => [m.payload, m.packet.qos])).toEqual([0, 1, 2].map((q) => [`self ${q}`, q]));
    expect(received.filter((m) => m.payload.startsWith("in")).map((m) => [m.payload, m.packet.qos])).toEqual([0, 1, 2].map((q) => [`in ${q}`, q]));
    expect((await inbox(other).take(3)).map((m) => [m.payload, m.packet.qos])).toEqual([0, 1, 2].map((q) => [`out ${q}`, q]));
  });

  it("carries a 512 KiB message intact in both directions", async () => {
    const topic = uniqueTopic(`${transport}-large`);
    const client = await t.connect({ protocolVersion }, transport);
    await client.subscribeAsync(topic, { qos: 1 });
    const payload = Buffer.alloc(512 * 1024);
    for (let i = 0; i < payload.length; i++) payload[i] = (i * 31) & 0xff;
    await client.publishAsync(topic, payload, { qos: 1 });
    const received = await inbox(client).one(5000);
    // Buffer.equals: a deep toEqual over half a million bytes takes seconds.
    expect(Buffer.from(received.packet.payload).equals(payload)).toBe(true);
  });

  it("publishes the will when the connection drops and keeps retained messages", async () => {
    const topic = uniqueTopic(`${transport}-will`);
    const watcher = await t.connect();
    await watcher.subscribeAsync(topic, { qos: 1 });
    const client = await t.connect({ protocolVersion, will: { topic, payload: Buffer.from(`${transport} gone`), qos: 1, retain: true } }, transport);
    client.stream.destroy();
    expect((await inbox(watcher).one()).payload).toBe(`${transport} gone`);
    const late = await t.connect({ protocolVersion }, transport);
    await late.subscribeAsync(topic);
    const retained = await inbox(late).one();
    expect([retained.payload, retained.packet.retain]).toEqual([`${transport} gone`, true]);
    await late.publishAsync(topic, "", { retain: true });
  });
});

describe("TLS", () => {
  it.each(["mqtts", "wss"] as const)("%s: a client that does not trust the certificate cannot connect", async (transport) => {
    await expect(t.connect({ ca: undefined, rejectUnauthorized: true }, transport)).rejects.toMatchObject({ code: "DEPTH_ZERO_SELF_SIGNED_CERT" });
  });

  it("mqtts: the certificate must name the host the client asked for", async () => {
    await expect(t.connect({ servername: "other.example" }, "mqtts")).rejects.toMatchObject({ code: "ERR_TLS_CERT_ALTNAME_INVALID" });
  });
});

describe("WebSocket", () => {
  it("negotiates the mqtt subprotocol [MQTT-6.0.0-4]", async () => {
    const ws = new WebSocket(`ws://${HOST}:${t.ports.http}/mqtt`, ["mqtt"]);
    await new Promise((resolve, reject) => ws.once("open", resolve).once("error", reject));
    expect(ws.protocol).toBe("mqtt");
    ws.close();
  });

  it("serves /mqtt/<namespace>/<broker>: the path names the broker", async () => {
    const id = `ws-path-${process.pid}`;
    await t.connect({ clientId: id, path: "/mqtt/default/default" }, "ws");
    expect(t.broker.sessionFor(id)?.connection?.info).toMatchObject({ transport: "ws", path: "/mqtt/default/default" });
    // A broker that does not exist: CONNACK 0x87 Not authorized.
    await expect(t.connect({ path: "/mqtt/no-such/broker" }, "ws")).rejects.toMatchObject({ code: 0x87 });
  });

  it("answers other paths with 404", async () => {
    const ws = new WebSocket(`ws://${HOST}:${t.ports.http}/not-mqtt`, ["mqtt"]);
    const error = await new Promise<Error>((resolve) => ws.once("error", resolve));
    expect(error.message).toMatch(/404/);
  });
});
