// API token scopes: the roles, plus the console's.
import { describe, expect, it } from "vitest";
import { roles } from "./roles.ts";
import { apiTokenScopeSchema, apiTokenScopes } from "./token-scopes.ts";

describe("apiTokenScopes", () => {
  it("are the three roles plus the console's service scope", () => {
    expect([...apiTokenScopes].sort()).toEqual([...roles, "console"].sort());
    expect(apiTokenScopeSchema.safeParse("console").success).toBe(true);
    expect(apiTokenScopeSchema.safeParse("owner").success).toBe(false);
  });
});
