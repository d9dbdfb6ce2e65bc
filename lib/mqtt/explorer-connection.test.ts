// The explorer's connection against a real server over WebSocket, with real device credentials
// standing in for the explorer sessions the API issues: it connects, subscribes and unsubscribes
// without reconnecting, renews its credential before it expires (a new client ID) and keeps its
// subscriptions, comes back after the broker cuts it off, and says when it cannot go on. Then the
// same from the page's side of its Web Worker (explorer-link.ts), over a MessageChannel.
import mqtt, { type IPublishPacket, type MqttClient } from "mqtt";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startTestApi, type TestApi } from "../server/api/test/api-fixture.ts";
import { waitFor } from "../server/test/server-fixture.ts";
import type { ExplorerSession } from "./explorer-api.ts";
import { ExplorerConnection, SessionRefused, type ConnectionOptions } from "./explorer-connection.ts";
import { ExplorerLink, serveExplorer } from "./explorer-link.ts";
import type { NewMessage } from "./explorer-message.ts";

let api: TestApi;
let device: MqttClient;
const base = "/namespaces/explore/brokers/plant";

beforeAll(async () => {
  api = await startTestApi();
  await api.call("POST", "/namespaces", { name: "explore" });
  await api.call("POST", `${base.replace("/brokers/plant", "")}/brokers`, { name: "plant" });
  const issued = await api.call("POST", `${base}/credentials`, { clientId: "device" });
  device = await mqtt.connectAsync(`mqtt://127.0.0.1:${api.server.ports.mqtt}`, { protocolVersion: 5, clientId: "device", username: "device", password: issued.body.device, reconnectPeriod: 0 });
});
afterAll(async () => {
  await device?.endAsync();
  await api?.stop();
});

const connections: ExplorerConnection[] = [];
afterEach(() => connections.splice(0).forEach((c) => c.stop()));

let counter = 0;
/** A session as the API would issue one: a credential for a fresh client ID, living `seconds`. */
async function issueSession(seconds = 900, acl = { pub: ["#"], sub: ["#"] }): Promise<ExplorerSession & { jti: string }> {
  const clientId = `console-test-${++counter}`;
  const issued = await api.call("POST", `${base}/credentials`, { clientId, expiration: seconds, acl });
  const password = issued.body[clientId] as string;
  const claims = JSON.parse(Buffer.from(password.split(".")[1]!, "base64url").toString());
  return { clientId, username: "console", password, expiresAt: new Date(claims.exp * 1000).toISOString(), websocketUrl: `ws://127.0.0.1:${api.server.ports.http}/mqtt`, acl, jti: claims.jti };
}

function explorer(options: Partial<ConnectionOptions> & Pick<ConnectionOptions, "getSession">) {
  const received: IPublishPacket[] = [];
  const connection = new ExplorerConnection({ onMessage: (packet) => received.push(packet), retryDelaysMs: [100], ...options });
  connections.push(connection);
  const states: string[] = [];
  connection.onChange(() => {
    const { state } = connection.getSnapshot();
    if (states.at(-1) !== state) states.push(state);
  });
  return { connection, received, states };
}

const connected = (connection: ExplorerConnection) => waitFor(() => connection.getSnapshot().state === "connected", 5000, () => JSON.stringify(connection.getSnapshot()));

/** Publishes from the device until the explorer has received `payload` (subscriptions take a moment). */
async function deliver(received: IPublishPacket[], topic: string, payload: string): Promise<IPublishPacket> {
  const found = () => received.find((p) => p.topic === topic && p.payload.toString() === payload);
  await waitFor(
    () => {
      if (!found()) void device.publishAsync(topic, payload, { qos: 0 });
      return Boolean(found());
    },
    5000,
    () => `${topic} ${payload} not received`,
  );
  return found()!;
}

describe("ExplorerConnection", () => {
  it("connects, and adds and removes subscriptions without reconnecting, each message naming its subscriptions", async () => {
    const { connection, received, states } = explorer({ getSession: () => issueSession() });
    connection.start();
    await connected(connection);
    await connection.subscribe({ id: 1, filter: "sensors/+/temp", qos: 1 });
    await connection.subscribe({ id: 2, filter: "sensors/#", qos: 0 });
    expect(connection.getSnapshot().subscriptions).toEqual(
      new Map([
        [1, { state: "active", grantedQos: 1 }],
        [2, { state: "active", grantedQos: 0 }],
      ]),
    );
    const both = await deliver(received, "sensors/a/temp", "21.5");
    expect([...(both.properties?.subscriptionIdentifier as number[])].sort()).toEqual([1, 2]); // [MQTT-3.3.4-3]
    await connection.unsubscribe(2);
    expect(connection.getSnapshot().subscriptions.has(2)).toBe(false);
    const one = await deliver(received, "sensors/a/temp", "21.6");
    expect(one.properties?.subscriptionIdentifier).toEqual(1);
    expect(states).toEqual(["connecting", "connected"]);
  });

  it("keeps the retain flag as published", async () => {
    const { connection, received } = explorer({ getSession: () => issueSession() });
    connection.start();
    await connected(connection);
    await connection.subscribe({ id: 7, filter: "config/#", qos: 0 });
    await device.publishAsync("config/a", "v1", { qos: 1, retain: true });
    const live = await deliver(received, "config/a", "v1");
    expect(live.retain).toBe(true); // [MQTT-3.3.1-12] Retain As Published
    await device.publishAsync("config/a", "", { qos: 1, retain: true });
  });

  it("renews its credential before it expires and carries on with a new client ID and the same subscriptions", async () => {
    const sessions: string[] = [];
    const { connection, received, states } = explorer({
      getSession: async () => {
        const session = await issueSession(30);
        sessions.push(session.clientId);
        return session;
      },
      renewBeforeMs: 29_000, // renew a second after connecting
    });
    connection.start();
    await connected(connection);
    await connection.subscribe({ id: 3, filter: "renew/#", qos: 0 });
    await waitFor(() => sessions.length === 2 && connection.getSnapshot().state === "connected", 8000, () => `${sessions.length} sessions, ${connection.getSnapshot().state}`);
    expect(connection.getSnapshot().clientId).toBe(sessions[1]);
    expect(states).toEqual(["connecting", "connected", "reconnecting", "connected"]);
    await waitFor(() => connection.getSnapshot().subscriptions.get(3)?.state === "active");
    await deliver(received, "renew/x", "after renewal");
  });

  it("comes back with a new credential after the old one is revoked and the broker cuts it off", async () => {
    const jtis: string[] = [];
    const { connection, states } = explorer({
      getSession: async () => {
        const session = await issueSession();
        jtis.push(session.jti);
        return session;
      },
    });
    connection.start();
    await connected(connection);
    await api.call("POST", `${base}/revocations`, { jti: [jtis[0]] });
    await waitFor(() => jtis.length === 2 && connection.getSnapshot().state === "connected", 5000);
    expect(states).toEqual(["connecting", "connected", "reconnecting", "connected"]);
  });

  it("shows a subscription the ACL refuses, waits while the browser is offline, and stops when the session is refused until retried", async () => {
    let refuse = false;
    const jtis: string[] = [];
    const { connection, states } = explorer({
      getSession: async () => {
        if (refuse) throw new SessionRefused("Your role may not use the explorer.");
        const session = await issueSession(900, { pub: [], sub: ["allowed/#"] });
        jtis.push(session.jti);
        return session;
      },
    });
    connection.start();
    await connected(connection);
    await connection.subscribe({ id: 4, filter: "secret/#", qos: 0 });
    expect(connection.getSnapshot().subscriptions.get(4)).toEqual({ state: "refused", reason: "Not authorized (0x87)" });
    await expect(connection.publish("allowed/x", new TextEncoder().encode("x"), { qos: 1 })).rejects.toThrow("The broker refused the message: Not authorized (0x87)");

    connection.setOnline(false);
    expect(connection.getSnapshot()).toMatchObject({ state: "offline", error: expect.stringContaining("offline") });
    connection.setOnline(true);
    await connected(connection); // with the credential it holds
    expect(jtis).toHaveLength(1);

    refuse = true;
    await api.call("POST", `${base}/revocations`, { jti: [jtis[0]] });
    await waitFor(() => connection.getSnapshot().stuck, 5000);
    expect(connection.getSnapshot()).toMatchObject({ state: "offline", error: "Your role may not use the explorer." });
    refuse = false;
    connection.retry();
    await connected(connection);
    await waitFor(() => connection.getSnapshot().subscriptions.get(4)?.state === "refused"); // asked again on the new connection
    expect(states).toEqual(["connecting", "connected", "offline", "connecting", "connected", "reconnecting", "offline", "connecting", "connected"]);
  });
});

describe("ExplorerLink and serveExplorer", () => {
  it("run the connection behind a message port: state, subscriptions given before the worker, batches of messages, publishes and their refusals", async () => {
    const channels: MessageChannel[] = [];
    const paths: string[] = [];
    const batches: NewMessage[][] = [];
    const link = new ExplorerLink("/namespaces/explore/brokers/plant/explorer/session", (messages) => batches.push(messages));
    link.subscribe({ id: 1, filter: "linked/#", qos: 1 }); // before any worker: sent when one is attached
    const attach = () => {
      const channel = new MessageChannel();
      channels.push(channel);
      serveExplorer(channel.port2 as unknown as Parameters<typeof serveExplorer>[0], (path) => (paths.push(path), issueSession(900, { pub: ["linked/#"], sub: ["#"] })));
      link.attach(channel.port1 as unknown as Parameters<ExplorerLink["attach"]>[0]);
    };
    try {
      attach();
      await waitFor(() => link.getSnapshot().subscriptions.get(1)?.state === "active", 5000, () => JSON.stringify(link.getSnapshot()));
      expect(link.getSnapshot()).toMatchObject({ state: "connected", clientId: expect.stringMatching(/^console-test-/) });
      expect(paths).toEqual(["/namespaces/explore/brokers/plant/explorer/session"]);

      const received = () => batches.flat();
      await waitFor(() => {
        if (!received().some((m) => m.topic === "linked/a")) for (let i = 0; i < 50; i++) void device.publishAsync("linked/a", `m${i}`, { qos: 0 });
        return received().filter((m) => m.topic === "linked/a").length >= 50;
      }, 5000);
      expect(batches.length).toBeLessThan(received().length); // in batches, not one by one
      expect(received().find((m) => m.topic === "linked/a")).toMatchObject({ source: "live", qos: 0, properties: { subscriptionIdentifiers: [1] } });

      await link.publish("linked/b", new TextEncoder().encode("from the page"), { qos: 1 });
      await waitFor(() => received().some((m) => m.topic === "linked/b" && new TextDecoder().decode(m.payload) === "from the page"));
      await expect(link.publish("elsewhere", new Uint8Array(), { qos: 1 })).rejects.toThrow("The broker refused the message: Not authorized (0x87)");

      // A second worker (React mounts twice in development) picks up where the first left.
      link.detach();
      attach();
      await waitFor(() => link.getSnapshot().subscriptions.get(1)?.state === "active" && link.getSnapshot().state === "connected", 5000);
      expect(paths).toHaveLength(2);
    } finally {
      link.detach();
      for (const channel of channels) {
        channel.port1.close();
        channel.port2.close();
      }
    }
  });
});
