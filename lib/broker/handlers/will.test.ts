// Will messages: when they are published (abnormal close, DISCONNECT reason, will delay, session
// end, takeover), when they are not, and what they carry.
import { afterEach, describe, expect, it } from "vitest";
import type mqttPacket from "mqtt-packet";
import type { BrokerHost } from "../host.ts";
import { ReasonCode } from "../protocol/reason-codes.ts";
import { ClientPool, createTestHost, type TestClient } from "../test/harness.ts";

const pool = new ClientPool();
afterEach(() => pool.endAll());

type Will = NonNullable<mqttPacket.IConnectPacket["will"]>;
const will = (extra: Partial<Will> = {}): Will => ({ topic: "will/c", payload: Buffer.from("gone"), qos: 1, retain: false, ...extra });

/** A client subscribed to will/# at QoS 1. */
async function watcher(host: BrokerHost): Promise<TestClient> {
  const w = await pool.connect(host, "watcher");
  await w.subscribe("will/#", { qos: 1 });
  return w;
}

async function lose(c: TestClient): Promise<void> {
  c.end();
  await c.closed;
}

describe("will message", () => {
  it("[MQTT-3.1.2-8] is published when the connection closes without DISCONNECT", async () => {
    const { host } = createTestHost();
    const w = await watcher(host);
    const c = await pool.connect(host, "c", { will: will() });
    await lose(c);
    const got = await w.expect("publish");
    expect([got.topic, String(got.payload), got.qos, got.retain]).toEqual(["will/c", "gone", 1, false]);
  });

  it("[MQTT-3.1.2-10] [MQTT-3.14.4-3] is discarded on DISCONNECT 0x00", async () => {
    const { host } = createTestHost();
    const w = await watcher(host);
    const c = await pool.connect(host, "c", { will: will() });
    c.send({ cmd: "disconnect", reasonCode: ReasonCode.Success });
    await c.closed;
    expect(await w.nothingWithin(100)).toBe(true);
  });

  it("is published on DISCONNECT 0x04 Disconnect with Will Message (§3.14.2.1)", async () => {
    const { host } = createTestHost();
    const w = await watcher(host);
    const c = await pool.connect(host, "c", { will: will() });
    c.send({ cmd: "disconnect", reasonCode: ReasonCode.DisconnectWithWill });
    await c.closed;
    expect(String((await w.expect("publish")).payload)).toBe("gone");
  });

  it("[MQTT-3.1.2-8] is published on a DISCONNECT with an error reason: only 0x00 discards it", async () => {
    const { host } = createTestHost();
    const w = await watcher(host);
    const c = await pool.connect(host, "c", { will: will() });
    c.send({ cmd: "disconnect", reasonCode: ReasonCode.UnspecifiedError });
    await c.closed;
    expect(String((await w.expect("publish")).payload)).toBe("gone");
  });

  it("is published when the server closes the connection for a protocol error", async () => {
    const { host } = createTestHost();
    const w = await watcher(host);
    const c = await pool.connect(host, "c", { will: will() });
    c.publish("x", "y", { properties: { subscriptionIdentifier: 1 } }); // [MQTT-3.3.4-6]
    expect((await c.expect("disconnect")).reasonCode).toBe(ReasonCode.ProtocolError);
    expect(String((await w.expect("publish")).payload)).toBe("gone");
  });

  it("MQTT 3.1.1: DISCONNECT discards the will, a lost connection publishes it", async () => {
    const { host } = createTestHost();
    const w = await watcher(host);
    const polite = await pool.connect(host, "polite", { will: will({ payload: Buffer.from("polite") }) }, 4);
    polite.send({ cmd: "disconnect" });
    await polite.closed;
    const lost = await pool.connect(host, "lost", { will: will({ payload: Buffer.from("lost") }) }, 4);
    await lose(lost);
    expect(String((await w.expect("publish")).payload)).toBe("lost");
    expect(await w.nothingWithin(50)).toBe(true);
  });

  it("[MQTT-3.1.2-15] a will with Will Retain is published as a retained message; [MQTT-3.1.2-14] one without is not", async () => {
    const { host, broker } = createTestHost();
    const kept = await pool.connect(host, "kept", { will: will({ topic: "will/kept", retain: true }) });
    const plain = await pool.connect(host, "plain", { will: will({ topic: "will/plain" }) });
    await lose(kept);
    await lose(plain);
    expect(broker.retained.size).toBe(1);
    const late = await pool.connect(host, "late");
    await late.subscribe("will/#");
    const got = await late.expect("publish");
    expect([got.topic, got.retain]).toEqual(["will/kept", true]);
    expect(await late.nothingWithin(50)).toBe(true);
  });

  it("[MQTT-3.1.3-10] forwards the will's properties, user properties in their order", async () => {
    const { host } = createTestHost();
    const w = await watcher(host);
    // Interleaved repeated keys: an order an object of keys cannot keep.
    const c = pool.client(host);
    c.sendRaw(connectWithWillUserProperties("props", "will/props", [["b", "1"], ["a", "2"], ["b", "3"]]));
    expect((await c.expect("connack")).reasonCode).toBe(ReasonCode.Success);
    await lose(c);
    await w.expect("publish");
    const [wire] = w.wirePublishes();
    expect(wire.topic).toBe("will/props");
    expect(wire.properties).toMatchObject({ contentType: "text/plain", responseTopic: "reply/here", correlationData: Buffer.from([1, 2]) });
    expect(wire.properties.userProperties).toEqual([["b", "1"], ["a", "2"], ["b", "3"]]);
  });
});

describe("will delay", () => {
  const session = { clean: false, properties: { sessionExpiryInterval: 30 } };

  it("[MQTT-3.1.2-8] delays the will by the Will Delay Interval", async () => {
    const { host } = createTestHost();
    const w = await watcher(host);
    const c = await pool.connect(host, "slow", { ...session, will: will({ properties: { willDelayInterval: 1 } }) });
    await lose(c);
    const closedAt = Date.now();
    expect(await w.nothingWithin(800)).toBe(true);
    expect(String((await w.expect("publish", 1000)).payload)).toBe("gone");
    expect(Date.now() - closedAt).toBeGreaterThanOrEqual(950);
  });

  it("[MQTT-3.1.3-9] is cancelled by a reconnect within the delay", async () => {
    const { host } = createTestHost();
    const w = await watcher(host);
    const c = await pool.connect(host, "back", { ...session, will: will({ properties: { willDelayInterval: 1 } }) });
    await lose(c);
    await new Promise((r) => setTimeout(r, 200));
    await pool.connect(host, "back", session);
    expect(await w.nothingWithin(1100)).toBe(true);
  });

  it("[MQTT-3.1.2-8] publishes the will when the session ends before the delay does", async () => {
    const { host, broker } = createTestHost();
    const w = await watcher(host);
    const c = await pool.connect(host, "short", { clean: false, properties: { sessionExpiryInterval: 1 }, will: will({ properties: { willDelayInterval: 30 } }) });
    await lose(c);
    expect(await w.nothingWithin(700)).toBe(true);
    expect(String((await w.expect("publish", 800)).payload)).toBe("gone");
    await new Promise((r) => setTimeout(r, 20)); // the expiry timer is due in the same millisecond
    expect(broker.sessionFor("short")).toBeUndefined();
  });

  it("publishes at once when the session ends with the connection (expiry 0), whatever the delay", async () => {
    const { host } = createTestHost();
    const w = await watcher(host);
    const c = await pool.connect(host, "now", { will: will({ properties: { willDelayInterval: 30 } }) });
    await lose(c);
    expect(String((await w.expect("publish", 300)).payload)).toBe("gone");
  });
});

describe("will on session takeover", () => {
  it("[MQTT-3.1.4-3] the taken-over connection's will is published when it has no delay (session ending with it)", async () => {
    const { host } = createTestHost();
    const w = await watcher(host);
    await pool.connect(host, "twin", { will: will() });
    await pool.connect(host, "twin");
    expect(String((await w.expect("publish")).payload)).toBe("gone");
  });

  it("[MQTT-3.1.4-3] the taken-over connection's will is published when it has no delay (persistent session)", async () => {
    const { host } = createTestHost();
    const w = await watcher(host);
    const session = { clean: false, properties: { sessionExpiryInterval: 30 } };
    await pool.connect(host, "twin", { ...session, will: will() });
    await pool.connect(host, "twin", session);
    expect(String((await w.expect("publish")).payload)).toBe("gone");
  });

  it("[MQTT-3.1.3-9] the taken-over connection's will is not published when the new connection comes within its delay", async () => {
    const { host } = createTestHost();
    const w = await watcher(host);
    const session = { clean: false, properties: { sessionExpiryInterval: 30 } };
    await pool.connect(host, "twin", { ...session, will: will({ properties: { willDelayInterval: 5 } }) });
    await pool.connect(host, "twin", session);
    expect(await w.nothingWithin(150)).toBe(true);
  });
});

/**
 * An MQTT 5 CONNECT (clean start, keep alive 60, session expiry 0) with a QoS 0 will carrying content type
 * text/plain, response topic reply/here, correlation data 01 02 and the given user properties
 * in order. Built by hand: mqtt-packet takes user properties as an object.
 */
function connectWithWillUserProperties(clientId: string, topic: string, userProperties: Array<[string, string]>): Buffer {
  const str = (s: string) => Buffer.concat([Buffer.from([0, Buffer.byteLength(s)]), Buffer.from(s)]);
  const willProps = Buffer.concat([
    Buffer.from([0x03]), str("text/plain"),
    Buffer.from([0x08]), str("reply/here"),
    Buffer.from([0x09, 0x00, 0x02, 0x01, 0x02]),
    ...userProperties.map(([k, v]) => Buffer.concat([Buffer.from([0x26]), str(k), str(v)])),
  ]);
  const body = Buffer.concat([
    str("MQTT"), Buffer.from([5, 0x06, 0, 60]), // level 5, flags: will + clean start, keep alive 60
    Buffer.from([5, 0x11, 0, 0, 0, 0]), // CONNECT properties: session expiry 0
    str(clientId), Buffer.from([willProps.length]), willProps, str(topic), str("bye"),
  ]);
  return Buffer.concat([Buffer.from([0x10, body.length]), body]);
}
