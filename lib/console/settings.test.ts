// The console's settings: the four `sluice up` passes, and identity providers all-or-nothing.
import { describe, expect, it } from "vitest";
import { parseConsoleSettings } from "./settings.ts";

const base = { SLUICE_CONSOLE_API_URL: "http://127.0.0.1:8080", SLUICE_CONSOLE_API_TOKEN: "t", NEXTAUTH_SECRET: "x".repeat(32), NEXTAUTH_URL: "http://localhost:3000" };

describe("console settings", () => {
  it("takes the four settings alone, and providers when complete", () => {
    expect(parseConsoleSettings(base)).toMatchObject(base);
    const oidc = { SLUICE_CONSOLE_OIDC_ISSUER: "https://id.example", SLUICE_CONSOLE_OIDC_CLIENT_ID: "c", SLUICE_CONSOLE_OIDC_CLIENT_SECRET: "s" };
    expect(parseConsoleSettings({ ...base, ...oidc, SLUICE_CONSOLE_GITHUB_CLIENT_ID: "g", SLUICE_CONSOLE_GITHUB_CLIENT_SECRET: "gs" })).toMatchObject(oidc);
  });

  it("names what is missing or wrong", () => {
    expect(() => parseConsoleSettings({ ...base, NEXTAUTH_SECRET: "short" })).toThrow("NEXTAUTH_SECRET: must be at least 32 characters");
    expect(() => parseConsoleSettings({ ...base, SLUICE_CONSOLE_GITHUB_CLIENT_ID: "g" })).toThrow("SLUICE_CONSOLE_GITHUB_CLIENT_ID: set it together with SLUICE_CONSOLE_GITHUB_CLIENT_SECRET");
    expect(() => parseConsoleSettings({ ...base, SLUICE_CONSOLE_OIDC_ISSUER: "https://id.example", SLUICE_CONSOLE_OIDC_CLIENT_ID: "c" })).toThrow("SLUICE_CONSOLE_OIDC_CLIENT_ID: set it together with");
    expect(() => parseConsoleSettings({ ...base, SLUICE_CONSOLE_OIDC_ISSUER: "not a url", SLUICE_CONSOLE_OIDC_CLIENT_ID: "c", SLUICE_CONSOLE_OIDC_CLIENT_SECRET: "s" })).toThrow("SLUICE_CONSOLE_OIDC_ISSUER");
  });
});
