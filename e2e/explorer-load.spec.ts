// The explorer under a firehose (issue 6): a device publishes 5,000 messages a second on 200
// topics for a minute while the page is open, and the page is measured: long animation frames,
// JavaScript heap, what the buffer holds, and how long a click takes to show. A measurement, not
// a test (DESIGN §8: no timing assertions in `npm test`): it runs only with SLUICE_E2E_LOAD=1
// (`SLUICE_E2E_LOAD=1 npx playwright test e2e/explorer-load.spec.ts --workers=1`) and prints
// what it saw; set SLUICE_E2E_LOAD_SECONDS and SLUICE_E2E_LOAD_RATE to change the load, and
// SLUICE_E2E_LOAD_PAUSED=1 to measure with the view paused (receiving and buffering only).
import { expect, test, type Page } from "@playwright/test";
import mqtt from "mqtt";
import { adminApi, server } from "./server.ts";
import { sessionFile } from "./users.ts";

const ns = "explorer-load";
const base = `/namespaces/${ns}/brokers/firehose`;
const seconds = Number(process.env.SLUICE_E2E_LOAD_SECONDS ?? 60);
const rate = Number(process.env.SLUICE_E2E_LOAD_RATE ?? 5000);

test.skip(!process.env.SLUICE_E2E_LOAD, "a measurement: set SLUICE_E2E_LOAD=1 to run it");
test.use({ storageState: sessionFile("developer") });

test("the explorer under 5,000 messages a second for a minute", async ({ page }) => {
  test.setTimeout((seconds + 60) * 1000);
  await adminApi("POST", "/namespaces", { name: ns });
  // The device catches up in bursts after each look at the page: let it.
  expect((await adminApi("POST", `/namespaces/${ns}/brokers`, { name: "firehose", limits: { maxPacketsPerSecond: 100_000 } })).status).toBe(201);
  const issued = await adminApi("POST", `${base}/credentials`, { clientId: "firehose" });
  const device = await mqtt.connectAsync(`mqtt://127.0.0.1:${server.mqttPort}`, { clientId: "firehose", username: "device", password: issued.body.firehose, protocolVersion: 5, reconnectPeriod: 0 });

  // Long animation frames (Chrome): every frame over 50 ms, with its length and, over 100 ms,
  // the scripts that ran in it.
  await page.addInitScript(() => {
    const frames: number[] = [];
    const culprits: string[] = [];
    Object.assign(window, { longFrames: frames, longFrameScripts: culprits });
    type Script = { invoker: string; sourceFunctionName: string; duration: number; sourceURL: string; sourceCharPosition: number };
    new PerformanceObserver((list) =>
      list.getEntries().forEach((entry) => {
        frames.push(entry.duration);
        const { scripts, renderStart, styleAndLayoutStart, startTime } = entry as PerformanceEntry & { scripts: Script[]; renderStart: number; styleAndLayoutStart: number };
        if (entry.duration > 100) culprits.push(`${Math.round(entry.duration)} ms (render ${Math.round(renderStart - startTime)}→, layout ${Math.round(styleAndLayoutStart - startTime)}→): ${scripts.map((s) => `${s.invoker} ${s.sourceFunctionName} ${Math.round(s.duration)} (${s.sourceURL.split("/").pop()}@${s.sourceCharPosition})`).join("; ")}`);
      }),
    ).observe({ type: "long-animation-frame", buffered: true });
  });
  // Tall enough for the tree, the list and the throughput charts at once: all of them redraw.
  await page.setViewportSize({ width: 1280, height: 1700 });
  await page.goto(`${base}/explorer`);
  await expect(page.getByRole("region", { name: "Connection" }).getByRole("status")).toHaveText("Connected", { timeout: 15_000 });
  // Paused, the page only buffers: what is left is the cost of receiving.
  if (process.env.SLUICE_E2E_LOAD_PAUSED) await page.getByRole("button", { name: "Pause" }).click();
  await page.evaluate(() => {
    const w = window as unknown as { longFrames: number[]; longFrameScripts: string[] };
    w.longFrames.length = 0;
    w.longFrameScripts.length = 0;
  });

  const deviceEvents: string[] = [];
  device.on("disconnect", (packet) => deviceEvents.push(`disconnect 0x${(packet.reasonCode ?? 0).toString(16)}`));
  device.on("close", () => deviceEvents.push("close"));
  const payload = (i: number) => JSON.stringify({ seq: i, temp: 20 + (i % 100) / 10, rh: 40 + (i % 7), site: "plant-1", note: "firehose load sample" });
  let sent = 0;
  const started = Date.now();
  const heap: number[] = [];
  const clicks: number[] = [];
  let nextCheck = started + 5_000;
  // 10 ms ticks, each sending what the rate says is due by then; every 5 s, a look at the page.
  while (Date.now() - started < seconds * 1000) {
    const due = Math.floor(((Date.now() - started) / 1000) * rate);
    for (; sent < due; sent++) device.publish(`load/${sent % 200}/value`, payload(sent), { qos: 0 });
    await new Promise((resolve) => setTimeout(resolve, 10));
    if (Date.now() >= nextCheck && !process.env.SLUICE_E2E_LOAD_PAUSED) {
      nextCheck += 5_000;
      heap.push(await page.evaluate(() => (performance as unknown as { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize ?? 0));
      // How long a click on a message takes to show it, under load.
      const t0 = Date.now();
      await page.getByRole("list", { name: "Messages" }).getByRole("listitem").first().getByRole("button").click();
      await expect(page.getByRole("region", { name: "Message", exact: true }).getByRole("tab", { name: "Payload" })).toBeVisible();
      clicks.push(Date.now() - t0);
    }
  }
  const elapsed = (Date.now() - started) / 1000;
  const sentInLoad = sent;
  const hotspots = await profile(page, async () => {
    const until = Date.now() + 3_000;
    while (Date.now() < until) {
      const due = Math.floor(((Date.now() - started) / 1000) * rate);
      for (; sent < due; sent++) device.publish(`load/${sent % 200}/value`, payload(sent), { qos: 0 });
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  });
  const frames = await page.evaluate(() => (window as unknown as { longFrames: number[] }).longFrames);
  const longFrameScripts = await page.evaluate(() => (window as unknown as { longFrameScripts: string[] }).longFrameScripts);
  const buffer = await page.getByText(/Buffer: /).textContent();
  const received = await page.getByRole("region", { name: "Topics" }).getByText(/topics, [\d,]+ messages$/).textContent();
  const pageConnection = await page.getByRole("region", { name: "Connection" }).textContent();
  await device.endAsync();
  await adminApi("DELETE", `/namespaces/${ns}`);

  const over = (ms: number) => frames.filter((d) => d > ms).length;
  console.log(
    JSON.stringify(
      {
        sentPerSecond: Math.round(sentInLoad / elapsed),
        seconds: Math.round(elapsed),
        pageReceived: received,
        buffer,
        longFrames: { over50ms: over(50), over100ms: over(100), longestMs: Math.round(Math.max(0, ...frames)), over100msScripts: longFrameScripts },
        heapMB: heap.map((h) => Math.round(h / 1e6)),
        clickToDetailMs: clicks,
        busiestFunctionsMs: hotspots,
        deviceEvents,
        pageConnection,
      },
      null,
      2,
    ),
  );
});

/** Where the page's time went while `during` runs: Chrome's task metrics, and the busiest functions (self time) from a CPU profile; ms. */
async function profile(page: Page, during: () => Promise<void>): Promise<Record<string, number>> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Performance.enable");
  const metrics = async () => Object.fromEntries((await cdp.send("Performance.getMetrics")).metrics.map((m) => [m.name, m.value]));
  const before = await metrics();
  await cdp.send("Profiler.enable");
  await cdp.send("Profiler.start");
  await during();
  const { profile } = await cdp.send("Profiler.stop");
  const after = await metrics();
  const spent = Object.fromEntries(["TaskDuration", "ScriptDuration", "RecalcStyleDuration", "LayoutDuration"].map((name) => [`[${name}]`, Math.round((after[name]! - before[name]!) * 1000)]));
  const interval = (profile.endTime - profile.startTime) / 1000 / (profile.samples?.length || 1);
  const self = new Map<string, number>();
  for (const node of profile.nodes) {
    const { functionName, url, lineNumber } = node.callFrame;
    const key = `${functionName || "(anonymous)"} ${url.split("/").pop()}:${lineNumber}`;
    self.set(key, (self.get(key) ?? 0) + (node.hitCount ?? 0) * interval);
  }
  return { ...spent, ...Object.fromEntries([...self].sort((a, b) => b[1] - a[1]).slice(0, 15).map(([k, ms]) => [k, Math.round(ms)])) };
}
