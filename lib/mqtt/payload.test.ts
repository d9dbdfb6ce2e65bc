import { describe, expect, it } from "vitest";
import { decodePayload, encodePayload, formatPayload, fromBase64, hexDump, parseHex, payloadPreview, toBase64, toUtf8 } from "./payload.ts";

describe("decodePayload", () => {
  it("reads JSON objects and arrays as JSON, the rest of UTF-8 as text", () => {
    expect(decodePayload(toUtf8(' {"t": 21.5}'))).toEqual({ kind: "json", text: ' {"t": 21.5}', json: { t: 21.5 } });
    expect(decodePayload(toUtf8("[1,2]")).json).toEqual([1, 2]);
    expect(decodePayload(toUtf8("21.5"))).toEqual({ kind: "text", text: "21.5" }); // a bare number reads as sent
    expect(decodePayload(toUtf8("{not json"))).toEqual({ kind: "text", text: "{not json" });
    expect(decodePayload(toUtf8("grüße\n\tline"))).toEqual({ kind: "text", text: "grüße\n\tline" });
    expect(decodePayload(new Uint8Array())).toEqual({ kind: "text", text: "" });
  });

  it("calls invalid UTF-8 and control characters binary", () => {
    expect(decodePayload(new Uint8Array([0xff, 0xfe, 0x00]))).toEqual({ kind: "binary" });
    expect(decodePayload(new Uint8Array([0x41, 0x00, 0x42]))).toEqual({ kind: "binary" });
    expect(decodePayload(new Uint8Array([0xc3]))).toEqual({ kind: "binary" }); // a cut character
  });
});

describe("payloadPreview", () => {
  it("collapses whitespace to one line and marks a cut", () => {
    expect(payloadPreview(toUtf8('{\n  "a": 1\n}'))).toBe('{ "a": 1 }');
    expect(payloadPreview(toUtf8("x".repeat(10)), 4)).toBe("xxxx…");
    expect(payloadPreview(new Uint8Array())).toBe("");
  });

  it("keeps text whose preview slice ends inside a character", () => {
    const long = toUtf8(`a${"é".repeat(300)}`); // the preview's slice of 480 bytes ends inside an "é"
    expect(payloadPreview(long, 120)).toBe(`a${"é".repeat(119)}…`);
  });

  it("shows binary as its first bytes in hex", () => {
    expect(payloadPreview(new Uint8Array([0, 1, 0xff]))).toBe("00 01 ff");
    expect(payloadPreview(new Uint8Array(100), 9)).toBe("00 00 00 …");
  });
});

describe("hexDump", () => {
  it("gives offsets, two groups of eight bytes and printable ASCII", () => {
    const bytes = new Uint8Array([...toUtf8("Hello, MQTT!"), 0x00, 0x7f, 0x80, 0x0a, 0x41, 0x42]);
    expect(hexDump(bytes)).toBe(
      [
        "00000000  48 65 6c 6c 6f 2c 20 4d  51 54 54 21 00 7f 80 0a  |Hello, MQTT!....|",
        "00000010  41 42                                             |AB|",
      ].join("\n"),
    );
  });

  it("stops at the limit", () => {
    expect(hexDump(new Uint8Array(64), 20).split("\n")).toHaveLength(2);
    expect(hexDump(new Uint8Array())).toBe("");
  });
});

describe("base64", () => {
  it("round-trips any bytes, large ones too", () => {
    const bytes = new Uint8Array(200_000).map((_, i) => (i * 7) & 0xff);
    expect(toBase64(bytes)).toBe(Buffer.from(bytes).toString("base64"));
    expect(fromBase64(toBase64(bytes))).toEqual(bytes);
    expect(toBase64(toUtf8("hi"))).toBe("aGk=");
  });
});

describe("encodePayload", () => {
  it("sends text and JSON as typed, after checking the JSON", () => {
    expect(encodePayload("héllo", "text")).toEqual({ ok: true, bytes: toUtf8("héllo") });
    expect(encodePayload('{ "a": 1 }', "json")).toEqual({ ok: true, bytes: toUtf8('{ "a": 1 }') });
    expect(encodePayload("{a: 1}", "json")).toMatchObject({ ok: false, message: expect.stringMatching(/^not valid JSON/) });
  });

  it("reads hex with spaces, commas and 0x prefixes, and says what is wrong", () => {
    expect(parseHex("48 65 6C")).toEqual({ ok: true, bytes: new Uint8Array([0x48, 0x65, 0x6c]) });
    expect(encodePayload("0x00,0xff\n01", "hex")).toEqual({ ok: true, bytes: new Uint8Array([0, 255, 1]) });
    expect(parseHex("")).toEqual({ ok: true, bytes: new Uint8Array() });
    expect(parseHex("4g")).toEqual({ ok: false, message: '"g" is not a hex digit' });
    expect(parseHex("486")).toEqual({ ok: false, message: "an odd number of hex digits: each byte takes two" });
  });
});

describe("formatPayload", () => {
  it("shows a payload as text, pretty JSON, a hex dump or base64", () => {
    const json = toUtf8('{"a":[1,2]}');
    expect(formatPayload(json, "json")).toBe('{\n  "a": [\n    1,\n    2\n  ]\n}');
    expect(formatPayload(json, "text")).toBe('{"a":[1,2]}');
    expect(formatPayload(toUtf8("not json"), "json")).toBe("not json");
    expect(formatPayload(new Uint8Array([0xff, 0x41]), "text")).toBe("\ufffdA");
    expect(formatPayload(new Uint8Array([0xff, 0x41]), "hex")).toBe(`00000000  ff 41${" ".repeat(44)} |.A|`);
    expect(formatPayload(new Uint8Array([0xff, 0x41]), "base64")).toBe("/0E=");
  });
});
