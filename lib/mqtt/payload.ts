// Payload bytes as the explorer shows them and as a person types them: decoded to text, JSON or
// "binary", a one-line preview, a hex dump with offsets and ASCII, base64; and the other way, a
// test publish's text, JSON or hex into bytes. Pure and browser-safe (no Buffer).

export type PayloadKind = "json" | "text" | "binary";

export interface DecodedPayload {
  kind: PayloadKind;
  /** The UTF-8 text, unless the bytes are not text. */
  text?: string;
  /** The parsed value when the text is a JSON object or array. */
  json?: unknown;
}

const utf8Encoder = new TextEncoder();

/**
 * Text when the bytes are valid UTF-8 without control characters other than tab, line feed and
 * carriage return; JSON when that text is an object or an array (a bare number stays text, so
 * "21.5" reads as it was sent); binary otherwise.
 */
export function decodePayload(bytes: Uint8Array): DecodedPayload {
  const text = textOf(bytes, false);
  if (text === undefined) return { kind: "binary" };
  const first = text.trimStart()[0];
  if (first === "{" || first === "[") {
    try {
      return { kind: "json", text, json: JSON.parse(text) };
    } catch {
      // Looks like JSON but is not: plain text.
    }
  }
  return { kind: "text", text };
}

/** The text of `bytes`, or undefined when they are not text. `cut`: they may end inside a character. */
function textOf(bytes: Uint8Array, cut: boolean): string | undefined {
  let text: string;
  try {
    // Streaming keeps an incomplete last character back instead of failing on it.
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes, { stream: cut });
  } catch {
    return undefined;
  }
  // eslint-disable-next-line no-control-regex
  return /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(text) ? undefined : text;
}

/** UTF-8 text of the bytes, with U+FFFD for what is not UTF-8 (previews, search, diff). */
export function lenientText(bytes: Uint8Array): string {
  return new TextDecoder().decode(bytes);
}

/** One line for lists: text with its whitespace collapsed, or the first bytes in hex. */
export function payloadPreview(bytes: Uint8Array, maxChars = 120): string {
  const cut = bytes.length > maxChars * 4; // enough bytes for maxChars characters of any width
  const text = textOf(cut ? bytes.subarray(0, maxChars * 4) : bytes, cut);
  if (text === undefined) {
    const shown = Math.min(bytes.length, Math.floor(maxChars / 3));
    return Array.from(bytes.subarray(0, shown), hexByte).join(" ") + (shown < bytes.length ? " …" : "");
  }
  const line = text.replace(/\s+/g, " ").trim();
  return line.length > maxChars || cut ? `${line.slice(0, maxChars)}…` : line;
}

const previews = new WeakMap<object, string>();

/** A message's one-line preview (120 characters), worked out once per message: lists redraw every frame. */
export function messagePreview(message: { payload: Uint8Array }): string {
  let preview = previews.get(message);
  if (preview === undefined) previews.set(message, (preview = payloadPreview(message.payload)));
  return preview;
}

const hexByte = (byte: number) => byte.toString(16).padStart(2, "0");

/**
 * A hex dump, 16 bytes a line: offset, the bytes in two groups of eight, and their printable
 * ASCII ("." for the rest), like `hexdump -C`. `limit` bytes at most; the caller says when it cut.
 */
export function hexDump(bytes: Uint8Array, limit = bytes.length): string {
  const end = Math.min(limit, bytes.length);
  const lines: string[] = [];
  for (let offset = 0; offset < end; offset += 16) {
    const row = bytes.subarray(offset, Math.min(offset + 16, end));
    let hex = "";
    let ascii = "";
    for (let i = 0; i < 16; i++) {
      hex += i < row.length ? `${hexByte(row[i]!)} ` : "   ";
      if (i === 7) hex += " ";
      if (i < row.length) ascii += row[i]! >= 0x20 && row[i]! < 0x7f ? String.fromCharCode(row[i]!) : ".";
    }
    lines.push(`${offset.toString(16).padStart(8, "0")}  ${hex} |${ascii}|`);
  }
  return lines.join("\n");
}

/** The ways the explorer shows a payload. */
export type PayloadView = "text" | "json" | "hex" | "base64";

/** The payload as text in `view`: JSON pretty-printed (its text as is when it is not JSON). */
export function formatPayload(bytes: Uint8Array, view: PayloadView): string {
  switch (view) {
    case "text":
      return lenientText(bytes);
    case "json": {
      const decoded = decodePayload(bytes);
      return decoded.kind === "json" ? JSON.stringify(decoded.json, null, 2) : lenientText(bytes);
    }
    case "hex":
      return hexDump(bytes);
    case "base64":
      return toBase64(bytes);
  }
}

export function toBase64(bytes: Uint8Array): string {
  let binary = "";
  // In slices: String.fromCharCode takes its arguments on the stack.
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

export function fromBase64(base64: string): Uint8Array {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

export const toUtf8 = (text: string): Uint8Array => utf8Encoder.encode(text);

/** How a test publish's payload field is read. */
export type PayloadFormat = "text" | "json" | "hex";

export type Encoded = { ok: true; bytes: Uint8Array } | { ok: false; message: string };

/** The bytes a person means by `input` in `format`: JSON must parse; hex is pairs of digits. */
export function encodePayload(input: string, format: PayloadFormat): Encoded {
  if (format === "text") return { ok: true, bytes: toUtf8(input) };
  if (format === "json") {
    try {
      JSON.parse(input);
    } catch (error) {
      return { ok: false, message: `not valid JSON: ${(error as Error).message}` };
    }
    return { ok: true, bytes: toUtf8(input) }; // as typed: the sender's formatting is part of the payload
  }
  return parseHex(input);
}

/** "48 65 6c", "48656c", "0x48 0x65": whitespace, commas and 0x prefixes are ignored. */
export function parseHex(input: string): Encoded {
  const digits = input.replace(/0x/gi, "").replace(/[\s,]/g, "");
  const bad = digits.match(/[^0-9a-f]/i);
  if (bad) return { ok: false, message: `"${bad[0]}" is not a hex digit` };
  if (digits.length % 2) return { ok: false, message: "an odd number of hex digits: each byte takes two" };
  const bytes = new Uint8Array(digits.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(digits.slice(i * 2, i * 2 + 2), 16);
  return { ok: true, bytes };
}
