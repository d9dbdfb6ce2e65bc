import { describe, expect, it } from "vitest";
import type { IndexedTopic, RecentMessage } from "./explorer-api.ts";
import { openingHistory } from "./history.ts";

const recent = (id: number, topic: string, at: string, extra: Partial<RecentMessage> = {}): RecentMessage => ({
  id,
  topic,
  receivedAt: at,
  payload: `m${id}`,
  encoding: "utf8",
  size: 2,
  truncated: false,
  qos: 0,
  retain: false,
  clientId: "dev",
  properties: {},
  ...extra,
});

const indexed = (topic: string, at: string, retained = false): IndexedTopic => ({
  topic,
  messages: 5,
  lastSeenAt: at,
  ratePerSecond: 0,
  retained,
  lastMessage: { payload: "AAEC", encoding: "base64", size: 900, truncated: true, qos: 1, retain: false, properties: { payloadFormatIndicator: 0 } },
});

describe("openingHistory", () => {
  it("merges the filters' recent messages once each, oldest first, with their properties as the explorer keeps them", () => {
    const m3 = recent(3, "a/x", "2025-01-01T00:00:03Z", { properties: { contentType: "text/plain", correlationData: "aWQ=", userProperties: [["k", "v"]], payloadFormatIndicator: 1 } });
    const history = openingHistory([m3, recent(1, "a/y", "2025-01-01T00:00:01Z"), { ...m3 }], [], ["a/#", "a/x"]); // m3 again through the second filter
    expect(history.map((m) => [m.id, m.topic, m.source])).toEqual([
      ["1", "a/y", "history"],
      ["3", "a/x", "history"],
    ]);
    expect(history[1]).toMatchObject({ receivedAt: Date.parse("2025-01-01T00:00:03Z"), clientId: "dev", payload: new TextEncoder().encode("m3"), properties: { contentType: "text/plain", correlationData: new TextEncoder().encode("id"), userProperties: [["k", "v"]], payloadFormatIndicator: true } });
  });

  it("adds the last message of quiet subscribed topics, marked as cut by the server, but not retained ones", () => {
    const history = openingHistory([recent(7, "a/busy", "2025-01-01T00:00:05Z")], [indexed("a/busy", "2025-01-01T00:00:05Z"), indexed("a/quiet", "2025-01-01T00:00:00Z"), indexed("a/kept", "2025-01-01T00:00:00Z", true), indexed("b/other", "2025-01-01T00:00:00Z")], ["$share/group/a/#"]);
    expect(history.map((m) => m.topic)).toEqual(["a/quiet", "a/busy"]);
    expect(history[0]).toMatchObject({ payload: new Uint8Array([0, 1, 2]), size: 900, truncated: true, truncatedBy: "server", qos: 1, properties: { payloadFormatIndicator: false } });
  });
});
