// GET /v1/traffic and …/brokers/:b/traffic: real MQTT traffic shows up in the history the server
// samples each second, in total and per broker, for every role.
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

describe("traffic", () => {
  it("counts a client's messages in the broker's points and the total", async () => {
    const device = await mqtt.connectAsync(`ws://127.0.0.1:${api.server.ports.http}/mqtt/acme/plant`, { protocolVersion: 5 });
    await device.subscribeAsync("t/#");
    for (let i = 0; i < 20; i++) await device.publishAsync("t/x", "hello", { qos: 1 });

    // The server samples once a second: wait for a point that holds the messages.
    await expect
      .poll(async () => {
        const points: Array<{ messagesIn: number }> = (await api.call("GET", "/namespaces/acme/brokers/plant/traffic?range=1m")).body.points;
        return points.reduce((sum, p) => sum + p.messagesIn, 0);
      }, { timeout: 5000, interval: 250 })
      .toBeGreaterThanOrEqual(20);

    const total = (await api.call("GET", "/traffic?range=15m", undefined, await api.tokenFor("support"))).body;
    expect(total.stepSeconds).toBe(5);
    const plant = total.brokers.find((b: { name: string }) => b.name === "plant");
    expect(plant).toMatchObject({ namespace: "acme", connections: 1, sessions: 1, subscriptions: 1 });
    expect(plant.latest.connections).toBe(1);
    await device.endAsync();
  });

  it("rejects an unknown range and an unknown broker", async () => {
    expect((await api.call("GET", "/traffic?range=2d")).status).toBe(422);
    expect((await api.call("GET", "/namespaces/acme/brokers/nope/traffic")).status).toBe(404);
    expect((await api.call("GET", "/traffic", undefined, null)).status).toBe(401);
  });
});
