import { describe, expect, it } from "vitest";
import { numericFields } from "./json-fields.ts";
import { toUtf8 } from "./payload.ts";

const fields = (payload: string) => Object.fromEntries(numericFields(toUtf8(payload)));

describe("numericFields", () => {
  it("finds every numeric field of a JSON document by its path", () => {
    expect(fields('{"temp": 21.5, "ok": true, "name": "a", "n": null, "s": {"rh": 40, "v": [1, "x", 2.5]}}')).toEqual({ temp: 21.5, "s.rh": 40, "s.v.0": 1, "s.v.2": 2.5 });
    expect(fields("[3, 4]")).toEqual({ 0: 3, 1: 4 });
  });

  it("takes a bare number as the field 'value', and nothing else as a number", () => {
    expect(fields(" -21.5 ")).toEqual({ value: -21.5 });
    expect(fields("1e3")).toEqual({ value: 1000 });
    for (const notANumber of ["", "0x1f", "12 apples", "on"]) expect(fields(notANumber)).toEqual({});
    expect(numericFields(new Uint8Array([0xff, 0x00])).size).toBe(0);
  });

  it("stops at 50 fields and five levels deep", () => {
    expect(Object.keys(fields(JSON.stringify(Array.from({ length: 80 }, (_, i) => i))))).toHaveLength(50);
    expect(fields(`{"a":{"b":{"c":{"d":{"e":{"f":1}}}}},"x":{"y":{"z":{"v":{"w":2}}}}}`)).toEqual({ "x.y.z.v.w": 2 });
  });
});
