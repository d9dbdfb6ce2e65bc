import { describe, expect, it } from "vitest";
import type { ExplorerMessage } from "./explorer-message.ts";
import { exportMessages } from "./export.ts";
import { toUtf8 } from "./payload.ts";

const at = Date.UTC(2025, 0, 2, 3, 4, 5, 678);
const text: ExplorerMessage = {
  seq: 1,
  topic: "sensors/a",
  payload: toUtf8('{"t": 21.5, "note": "a, \\"b\\"\\nc"}'),
  size: 35,
  truncated: false,
  receivedAt: at,
  qos: 1,
  retain: true,
  properties: { contentType: "application/json", userProperties: [["site", "x"], ["site", "y"]], correlationData: toUtf8("id-1"), responseTopic: "replies/a", messageExpiryInterval: 60, subscriptionIdentifiers: [1, 3] },
  source: "live",
};
const binary: ExplorerMessage = { seq: 2, topic: "raw", payload: new Uint8Array([0, 255]), size: 4096, truncated: true, truncatedBy: "explorer", receivedAt: at + 1, qos: 0, retain: false, properties: {}, source: "history", clientId: "dev-1" };

describe("exportMessages", () => {
  it("writes NDJSON, one message a line, binary payloads as base64 and cut ones marked", () => {
    const lines = exportMessages([text, binary], "ndjson").split("\n");
    expect(lines).toHaveLength(3);
    expect(lines[2]).toBe("");
    expect(JSON.parse(lines[0]!)).toEqual({
      receivedAt: "2025-01-02T03:04:05.678Z",
      topic: "sensors/a",
      qos: 1,
      retain: true,
      size: 35,
      encoding: "utf8",
      payload: '{"t": 21.5, "note": "a, \\"b\\"\\nc"}',
      contentType: "application/json",
      responseTopic: "replies/a",
      correlationData: "aWQtMQ==",
      messageExpiryInterval: 60,
      userProperties: [["site", "x"], ["site", "y"]],
      subscriptionIdentifiers: [1, 3],
    });
    expect(JSON.parse(lines[1]!)).toEqual({ receivedAt: "2025-01-02T03:04:05.679Z", topic: "raw", qos: 0, retain: false, size: 4096, encoding: "base64", payload: "AP8=", truncated: true, clientId: "dev-1" });
  });

  it("writes JSON as one array", () => {
    const parsed = JSON.parse(exportMessages([text, binary], "json"));
    expect(parsed.map((m: { topic: string }) => m.topic)).toEqual(["sensors/a", "raw"]);
  });

  it("writes CSV with a header and one row per message, quoting what must be", () => {
    const csv = exportMessages([text, binary], "csv");
    const rows = csv.split("\r\n");
    expect(rows[0]).toBe("receivedAt,topic,qos,retain,size,encoding,payload,truncated,contentType,payloadFormatIndicator,responseTopic,correlationData,messageExpiryInterval,userProperties,subscriptionIdentifiers,clientId");
    expect(csv).toContain('2025-01-02T03:04:05.678Z,sensors/a,1,true,35,utf8,"{""t"": 21.5, ""note"": ""a, \\""b\\""\\nc""}",,application/json,,replies/a,aWQtMQ==,60,"[[""site"",""x""],[""site"",""y""]]",1 3,\r\n');
    expect(rows.at(-2)).toBe("2025-01-02T03:04:05.679Z,raw,0,false,4096,base64,AP8=,true,,,,,,,,dev-1");
    expect(rows.at(-1)).toBe("");
  });

  it("exports nothing as an empty array, no lines, or the header alone", () => {
    expect(exportMessages([], "json")).toBe("[]\n");
    expect(exportMessages([], "ndjson")).toBe("");
    expect(exportMessages([], "csv").split("\r\n")).toHaveLength(2);
  });
});
