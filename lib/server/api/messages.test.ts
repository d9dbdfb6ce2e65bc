// The HTTP on-ramp: publishing over HTTP with an API token or a device credential (ACL applies),
// and streaming deliveries as Server-Sent Events.
import mqtt from "mqtt";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApi, type TestApi } from "./test/api-fixture.ts";

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
  await api.call("POST", "/namespaces", { name: "acme" });
  await api.call("POST", "/namespaces/acme/brokers", { name: "plant" });
});
afterAll(() => api?.stop());

const base = "/namespaces/acme/brokers/plant";

/** Reads `count` SSE `message` events from a stream response. */
async function readEvents(response: Response, count: number): Promise<Array<Record<string, unknown>>> {
  const reader = response.body!.getReader();
  const events: Array<Record<string, unknown>> = [];
  let text = "";
  while (events.length < count) {
    const { value, done } = await reader.read();
    if (done) break;
    text += new TextDecoder().decode(value);
    let end;
    while ((end = text.indexOf("\n\n")) >= 0) {
      const block = text.slice(0, end);
      text = text.slice(end + 2);
      const data = block.split("\n").find((line) => line.startsWith("data:"));
      if (data) events.push(JSON.parse(data.slice(5).trim()));
    }
  }
  await reader.cancel();
  return events;
}

describe("POST …/messages", () => {
  it("publishes to MQTT subscribers with properties in order, for roles allowed to publish", async () => {
    const subscriber = await mqtt.connectAsync(`ws://127.0.0.1:${api.server.ports.http}/mqtt/acme/plant`, { protocolVersion: 5 });
    const received = new Promise<{ topic: string; payload: string; props: unknown }>((resolve) =>
      subscriber.once("message", (topic, payload, packet) => resolve({ topic, payload: payload.toString(), props: packet.properties })),
    );
    await subscriber.subscribeAsync("alerts/#", { qos: 1 });
    const response = await api.call("POST", `${base}/messages`, { topic: "alerts/fire", payload: "evacuate", qos: 1, contentType: "text/plain", userProperties: [["b", "1"], ["a", "2"]] });
    expect(response).toEqual({ status: 200, body: { delivered: 1 } });
    const message = await received;
    expect(message).toMatchObject({ topic: "alerts/fire", payload: "evacuate", props: { contentType: "text/plain" } });
    await subscriber.endAsync();

    expect((await api.call("POST", `${base}/messages`, { topic: "a/+", payload: "x" })).body.error.details).toEqual([{ path: "topic", message: "topic name contains a wildcard" }]);
    expect((await api.call("POST", `${base}/messages`, { topic: "$SYS/x", payload: "x" })).status).toBe(422);
    expect((await api.call("POST", `${base}/messages`, { topic: "a", payload: "x" }, await api.tokenFor("support"))).status).toBe(403);
    expect((await api.call("POST", "/namespaces/acme/brokers/nope/messages", { topic: "a", payload: "x" })).status).toBe(404);
  });

  it("takes a device credential, held to its broker and ACL", async () => {
    const tokens = (await api.call("POST", `${base}/credentials`, { clientId: "http-device", acl: { pub: ["devices/http-device/#"], sub: ["devices/http-device/#"] } })).body;
    const device = tokens["http-device"];
    expect((await api.call("POST", `${base}/messages`, { topic: "devices/http-device/status", payload: "ok" }, device)).status).toBe(200);
    const denied = await api.call("POST", `${base}/messages`, { topic: "devices/other/status", payload: "ok" }, device);
    expect(denied).toEqual({ status: 403, body: { error: { code: "forbidden", message: "not authorized to publish to devices/other/status" } } });
    expect((await api.call("GET", "/namespaces", undefined, device)).status).toBe(403);
    expect((await api.call("POST", `${base}/messages`, { topic: "x", payload: "y" }, `${device.slice(0, -4)}AAAA`)).status).toBe(401);
  });
});

describe("GET …/stream", () => {
  it("streams matching deliveries as Server-Sent Events, binary payloads in base64", async () => {
    const response = await fetch(`http://127.0.0.1:${api.server.ports.http}/v1${base}/stream?filter=${encodeURIComponent("telemetry/#")}`, { headers: { authorization: "Bearer test-admin-token-0123456789" } });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("text/event-stream");
    const events = readEvents(response, 2);
    await expect.poll(() => api.server.host.getBroker("acme", "plant")!.router.subscriptionCount).toBeGreaterThan(0);
    const publisher = await mqtt.connectAsync(`ws://127.0.0.1:${api.server.ports.http}/mqtt/acme/plant`, { protocolVersion: 5 });
    await publisher.publishAsync("telemetry/t1", "21.5", { qos: 1 });
    await publisher.publishAsync("other/t", "not this one", { qos: 1 });
    await publisher.publishAsync("telemetry/raw", Buffer.from([0xff, 0x00]), { qos: 0 });
    expect(await events).toEqual([
      { topic: "telemetry/t1", payload: "21.5", encoding: "utf8", retain: false },
      { topic: "telemetry/raw", payload: "/wA=", encoding: "base64", retain: false },
    ]);
    await publisher.endAsync();
    // Closing the stream ends its in-process subscriber.
    await expect.poll(() => api.server.host.getBroker("acme", "plant")!.router.subscriptionCount).toBe(0);
  });

  it("holds a device to its subscribe ACL", async () => {
    const device = (await api.call("POST", `${base}/credentials`, { clientId: "streamer", acl: { sub: ["mine/#"], pub: [] } })).body.streamer;
    const denied = await fetch(`http://127.0.0.1:${api.server.ports.http}/v1${base}/stream?filter=theirs/%23`, { headers: { authorization: `Bearer ${device}` } });
    expect(denied.status).toBe(403);
    const invalid = await api.call("GET", `${base}/stream?filter=${encodeURIComponent("a/#/b")}`);
    expect(invalid.status).toBe(422);
  });
});
