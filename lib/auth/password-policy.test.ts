// The password policy the API, console forms and CLI share.
import { describe, expect, it } from "vitest";
import { passwordPolicy } from "./password-policy.ts";

describe("passwordPolicy", () => {
  it("accepts 10 to 256 characters", () => {
    expect(passwordPolicy.safeParse("a".repeat(10)).success).toBe(true);
    expect(passwordPolicy.safeParse("a".repeat(256)).success).toBe(true);
  });

  it("rejects shorter, longer and non-string input with a message", () => {
    const short = passwordPolicy.safeParse("a".repeat(9));
    expect(short.success).toBe(false);
    expect(short.error?.issues[0]?.message).toBe("Password must be at least 10 characters");
    const long = passwordPolicy.safeParse("a".repeat(257));
    expect(long.success).toBe(false);
    expect(long.error?.issues[0]?.message).toBe("Password must be at most 256 characters");
    expect(passwordPolicy.safeParse(1234567890).success).toBe(false);
    expect(passwordPolicy.safeParse(undefined).success).toBe(false);
  });
});
