// CONNECT/CONNACK behaviour over in-memory streams, each case with its normative statement.
import { afterEach, describe, expect, it } from "vitest";
import type { Authenticator } from "../auth.ts";
import { ReasonCode } from "../protocol/reason-codes.ts";
import { createTestHost, TestClient } from "../test/harness.ts";

const clients: TestClient[] = [];
const client = (host: ConstructorParameters<typeof TestClient>[0], version: 3 | 4 | 5 = 5) => {
  const c = new TestClient(host, version);
  clients.push(c);
  return c;
};
afterEach(() => {
  for (const c of clients.splice(0)) c.end();
});

describe("CONNECT", () => {
  it("accepts MQTT 5 and announces the broker's limits in CONNACK", async () => {
    const { host, broker } = createTestHost();
    const connack = await client(host).connect({ clientId: "c1" });
    expect(connack.reasonCode).toBe(0);
    expect(connack.sessionPresent).toBe(false);
    expect(connack.properties).toMatchObject({
      receiveMaximum: broker.limits.receiveMaximum,
      maximumPacketSize: broker.limits.maxPacketSize,
      topicAliasMaximum: broker.limits.topicAliasMaximum,
    });
    expect(broker.stats.connections).toBe(1);
  });

  it("accepts MQTT 3.1.1 with return code 0", async () => {
    const { host } = createTestHost();
    const connack = await client(host, 4).connect({ clientId: "c311" });
    expect(connack.returnCode).toBe(0);
  });

  it("[MQTT-3.1.3-6] [MQTT-3.2.2-16] assigns a client identifier to an empty one", async () => {
    const { host, broker } = createTestHost();
    const connack = await client(host).connect({ clientId: "" });
    const assigned = connack.properties?.assignedClientIdentifier;
    expect(assigned).toMatch(/^sluice-/);
    expect(broker.sessionFor(assigned!)).toBeDefined();
  });

  it("[MQTT-3.1.3-8] 3.1.1: an empty client id with a persistent session is rejected with return code 2", async () => {
    const { host } = createTestHost();
    const c = client(host, 4);
    // CONNECT 3.1.1, clean session 0, keep alive 60, empty client id: built by hand, mqtt-packet will not encode it.
    c.sendRaw(Buffer.from([0x10, 0x0c, 0x00, 0x04, 0x4d, 0x51, 0x54, 0x54, 0x04, 0x00, 0x00, 0x3c, 0x00, 0x00]));
    const connack = await c.expect("connack");
    expect(connack.returnCode).toBe(2);
    await c.closed;
  });

  it("[MQTT-3.1.2-2] an unsupported protocol level gets return code 1 and the connection closes", async () => {
    const { host } = createTestHost();
    const c = client(host, 4);
    // CONNECT with protocol level 6, built by hand: mqtt-packet will not encode it.
    c.sendRaw(Buffer.from([0x10, 0x0c, 0x00, 0x04, 0x4d, 0x51, 0x54, 0x54, 0x06, 0x02, 0x00, 0x3c, 0x00, 0x00]));
    const connack = await c.expect("connack");
    expect(connack.returnCode).toBe(1);
    await c.closed;
  });

  it("[MQTT-3.1.0-1] a first packet other than CONNECT closes the connection", async () => {
    const { host } = createTestHost();
    const c = client(host);
    c.send({ cmd: "pingreq" });
    await c.closed;
    expect(c.received).toHaveLength(0);
  });

  it("[MQTT-3.1.0-2] a second CONNECT is a protocol error (DISCONNECT 0x82)", async () => {
    const { host } = createTestHost();
    const c = client(host);
    await c.connect({ clientId: "twice" });
    c.send({ cmd: "connect", protocolId: "MQTT", protocolVersion: 5, clean: true, keepalive: 60, clientId: "twice" });
    const disconnect = await c.expect("disconnect");
    expect(disconnect.reasonCode).toBe(ReasonCode.ProtocolError);
    await c.closed;
  });

  it("[MQTT-3.1.4-3] a second connection with the same client id takes the session over (0x8E)", async () => {
    const { host, broker } = createTestHost();
    const first = client(host);
    await first.connect({ clientId: "same" });
    const second = client(host);
    await second.connect({ clientId: "same" });
    const disconnect = await first.expect("disconnect");
    expect(disconnect.reasonCode).toBe(ReasonCode.SessionTakenOver);
    await first.closed;
    expect(broker.sessionFor("same")?.connection).not.toBeNull();
    expect(broker.stats.connections).toBe(1);
  });

  it("[MQTT-3.2.2-2] [MQTT-3.2.2-3] session present only when a stored session is resumed", async () => {
    const { host } = createTestHost();
    const first = client(host);
    await first.connect({ clientId: "p", clean: true, properties: { sessionExpiryInterval: 60 } });
    first.end();
    await first.closed;
    const resumed = await client(host).connect({ clientId: "p", clean: false, properties: { sessionExpiryInterval: 60 } });
    expect(resumed.sessionPresent).toBe(true);
  });

  it("[MQTT-3.1.2-4] clean start discards the stored session", async () => {
    const { host } = createTestHost();
    const first = client(host);
    await first.connect({ clientId: "p2", properties: { sessionExpiryInterval: 60 } });
    first.end();
    await first.closed;
    const fresh = await client(host).connect({ clientId: "p2", clean: true, properties: { sessionExpiryInterval: 60 } });
    expect(fresh.sessionPresent).toBe(false);
  });

  it("[MQTT-3.2.2-21] keep alive 0 is answered with Server Keep Alive", async () => {
    const { host, broker } = createTestHost();
    const connack = await client(host).connect({ clientId: "ka", keepalive: 0 });
    expect(connack.properties?.serverKeepAlive).toBe(broker.limits.maxKeepAliveSeconds);
  });

  it("caps the session expiry interval and says so in CONNACK", async () => {
    const { host } = createTestHost({ limits: { maxSessionExpirySeconds: 100 } });
    const connack = await client(host).connect({ clientId: "se", properties: { sessionExpiryInterval: 5000 } });
    expect(connack.properties?.sessionExpiryInterval).toBe(100);
  });

  it("[MQTT-3.1.2-22] closes with 0x8D after 1.5 × keep alive without a packet", async () => {
    const { host } = createTestHost();
    const c = client(host);
    await c.connect({ clientId: "idle", keepalive: 1 });
    const started = Date.now();
    const disconnect = await c.expect("disconnect", 3000);
    expect(disconnect.reasonCode).toBe(ReasonCode.KeepAliveTimeout);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1400);
  });

  it("closes a connection that sends no CONNECT within the connect timeout", async () => {
    const { host } = createTestHost({ connectTimeoutMs: 100 });
    const c = client(host);
    await c.closed;
  });

  it("[MQTT-4.12.0-1] refuses enhanced authentication with 0x8C", async () => {
    const { host } = createTestHost();
    const connack = await client(host).connect({ clientId: "auth", properties: { authenticationMethod: "SCRAM-SHA-1" } });
    expect(connack.reasonCode).toBe(ReasonCode.BadAuthenticationMethod);
  });

  it("refuses clients the authenticator rejects: 0x87 (MQTT 5) and return code 5 (3.1.1)", async () => {
    const deny: Authenticator = { authenticate: async () => ({ ok: false, reasonCode: ReasonCode.NotAuthorized, reason: "no" }) };
    const { host } = createTestHost({ authenticator: deny });
    expect((await client(host).connect({ clientId: "x" })).reasonCode).toBe(ReasonCode.NotAuthorized);
    expect((await client(host, 4).connect({ clientId: "y" })).returnCode).toBe(5);
  });

  it("refuses connections beyond maxConnections with 0x97", async () => {
    const { host } = createTestHost({ limits: { maxConnections: 1 } });
    await client(host).connect({ clientId: "one" });
    const connack = await client(host).connect({ clientId: "two" });
    expect(connack.reasonCode).toBe(ReasonCode.QuotaExceeded);
  });

  it("refuses a client id longer than the limit with 0x85", async () => {
    const { host } = createTestHost({ limits: { maxClientIdLength: 8 } });
    const connack = await client(host).connect({ clientId: "much-too-long" });
    expect(connack.reasonCode).toBe(ReasonCode.ClientIdentifierNotValid);
  });

  it("answers request-response information with response information", async () => {
    const { host } = createTestHost();
    const connack = await client(host).connect({ clientId: "rr", properties: { requestResponseInformation: true } });
    expect(connack.properties?.responseInformation).toBe("response/rr");
  });

  it("processes packets sent right behind CONNECT, in order, after authentication", async () => {
    const slow: Authenticator = {
      authenticate: async () => {
        await new Promise((r) => setTimeout(r, 50));
        return { ok: true, principal: { namespace: "default", broker: "default", authorizePublish: () => true, authorizeSubscribe: () => true } };
      },
    };
    const { host } = createTestHost({ authenticator: slow });
    const c = client(host);
    c.send({ cmd: "connect", protocolId: "MQTT", protocolVersion: 5, clean: true, keepalive: 60, clientId: "fast" });
    c.send({ cmd: "subscribe", messageId: 7, subscriptions: [{ topic: "a", qos: 0 }] });
    c.send({ cmd: "pingreq" });
    expect((await c.next()).cmd).toBe("connack");
    expect((await c.next()).cmd).toBe("suback");
    expect((await c.next()).cmd).toBe("pingresp");
  });
});
