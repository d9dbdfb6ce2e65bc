// The numbers in a payload that the explorer can plot over time: every numeric field of a JSON
// object or array, by its path ("temp", "sensors.0.value"), or the payload itself when it is a
// bare number ("21.5" → "value"). Bounded in depth and count, so a huge document costs little.
import { decodePayload } from "./payload.ts";

export const MAX_FIELDS = 50;
const MAX_DEPTH = 5;

/** The payload's own value, when it is a bare number. */
export const VALUE_FIELD = "value";

export function numericFields(payload: Uint8Array): Map<string, number> {
  const fields = new Map<string, number>();
  const decoded = decodePayload(payload);
  if (decoded.kind === "json") collect(decoded.json, "", 0, fields);
  else if (decoded.kind === "text") {
    const text = decoded.text!.trim();
    // Number() alone would take "", "0x1f" and " 12 " as numbers.
    if (/^-?\d+(\.\d+)?([eE][+-]?\d+)?$/.test(text)) fields.set(VALUE_FIELD, Number(text));
  }
  return fields;
}

function collect(value: unknown, path: string, depth: number, fields: Map<string, number>): void {
  if (fields.size >= MAX_FIELDS) return;
  if (typeof value === "number" && Number.isFinite(value)) {
    fields.set(path || VALUE_FIELD, value);
    return;
  }
  if (depth >= MAX_DEPTH || value === null || typeof value !== "object") return;
  for (const [key, child] of Object.entries(value)) {
    collect(child, path ? `${path}.${key}` : key, depth + 1, fields);
    if (fields.size >= MAX_FIELDS) return;
  }
}
