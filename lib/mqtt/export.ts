// Messages the explorer exports, as JSON (an array), NDJSON (one object a line) or CSV (a header,
// then one message a row, RFC 4180 quoting). A payload is UTF-8 text when it is text, base64
// otherwise, and says which; one cut short says so with its full size. Cells are written as
// they are: nothing is prefixed to keep a spreadsheet from reading "=…" as a formula.
import type { ExplorerMessage } from "./explorer-message.ts";
import { decodePayload, toBase64 } from "./payload.ts";

export type ExportFormat = "json" | "ndjson" | "csv";

export interface ExportedMessage {
  receivedAt: string;
  topic: string;
  qos: number;
  retain: boolean;
  size: number;
  encoding: "utf8" | "base64";
  payload: string;
  /** Only the first bytes were kept (by the server's history or the explorer's buffer). */
  truncated?: true;
  contentType?: string;
  payloadFormatIndicator?: boolean;
  responseTopic?: string;
  /** Base64. */
  correlationData?: string;
  messageExpiryInterval?: number;
  userProperties?: Array<[string, string]>;
  subscriptionIdentifiers?: number[];
  clientId?: string;
}

export function exportedMessage(message: ExplorerMessage): ExportedMessage {
  const text = decodePayload(message.payload).text;
  const p = message.properties;
  return {
    receivedAt: new Date(message.receivedAt).toISOString(),
    topic: message.topic,
    qos: message.qos,
    retain: message.retain,
    size: message.size,
    encoding: text === undefined ? "base64" : "utf8",
    payload: text ?? toBase64(message.payload),
    ...(message.truncated && { truncated: true }),
    ...(p.contentType !== undefined && { contentType: p.contentType }),
    ...(p.payloadFormatIndicator !== undefined && { payloadFormatIndicator: p.payloadFormatIndicator }),
    ...(p.responseTopic !== undefined && { responseTopic: p.responseTopic }),
    ...(p.correlationData !== undefined && { correlationData: toBase64(p.correlationData) }),
    ...(p.messageExpiryInterval !== undefined && { messageExpiryInterval: p.messageExpiryInterval }),
    ...(p.userProperties?.length && { userProperties: p.userProperties }),
    ...(p.subscriptionIdentifiers?.length && { subscriptionIdentifiers: p.subscriptionIdentifiers }),
    ...(message.clientId !== undefined && { clientId: message.clientId }),
  };
}

const csvColumns = [
  "receivedAt",
  "topic",
  "qos",
  "retain",
  "size",
  "encoding",
  "payload",
  "truncated",
  "contentType",
  "payloadFormatIndicator",
  "responseTopic",
  "correlationData",
  "messageExpiryInterval",
  "userProperties",
  "subscriptionIdentifiers",
  "clientId",
] as const satisfies ReadonlyArray<keyof ExportedMessage>;

export function exportMessages(messages: readonly ExplorerMessage[], format: ExportFormat): string {
  const records = messages.map(exportedMessage);
  switch (format) {
    case "json":
      return `${JSON.stringify(records, null, 2)}\n`;
    case "ndjson":
      return records.map((record) => `${JSON.stringify(record)}\n`).join("");
    case "csv":
      return [csvColumns.join(","), ...records.map((record) => csvColumns.map((column) => csvCell(record[column])).join(","))].map((line) => `${line}\r\n`).join("");
  }
}

/** A cell: user properties as JSON pairs, identifiers space-separated, quoted when it must be. */
function csvCell(value: ExportedMessage[keyof ExportedMessage]): string {
  if (value === undefined) return "";
  const text = Array.isArray(value) ? (typeof value[0] === "number" ? value.join(" ") : JSON.stringify(value)) : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export const exportMediaTypes: Record<ExportFormat, string> = { json: "application/json", ndjson: "application/x-ndjson", csv: "text/csv" };
