// /v1/users, /v1/auth/verify, /v1/tokens and /v1/audit over real HTTP, and the first admin.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adminToken, startTestApi, type TestApi } from "./test/api-fixture.ts";

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api?.stop());

describe("first start", () => {
  it("creates one admin user when the store has none", async () => {
    const users = (await api.call("GET", "/users")).body.users;
    expect(users).toEqual([expect.objectContaining({ email: "admin@sluice.local", role: "admin" })]);
    expect(users[0]).not.toHaveProperty("passwordHash");
  });
});

describe("users", () => {
  it("creates, shows, updates and removes users, hashing passwords and naming invalid fields", async () => {
    const created = await api.call("POST", "/users", { email: " Ana@Example.com ", name: "Ana", role: "developer", password: "correct horse battery" });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ email: "ana@example.com", name: "Ana", role: "developer" });
    const stored = await api.server.store.users.getByEmail("ana@example.com");
    expect(stored?.passwordHash).toMatch(/^\$argon2id\$/);

    expect((await api.call("POST", "/users", { email: "ana@example.com", name: "Again", role: "support", password: "another password" })).status).toBe(409);
    const invalid = await api.call("POST", "/users", { email: "not-an-email", name: "", role: "owner", password: "short" });
    expect(invalid.status).toBe(422);
    expect(invalid.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual(["email", "name", "password", "role"]);

    const id = created.body.id;
    expect((await api.call("PATCH", `/users/${id}`, { role: "support" })).body.role).toBe("support");
    expect((await api.call("GET", `/users/${id}`)).body.role).toBe("support");
    expect((await api.call("DELETE", `/users/${id}`)).status).toBe(204);
    expect((await api.call("GET", `/users/${id}`)).status).toBe(404);
  });

  it("resets a password: the new one signs in, the old one no longer does", async () => {
    const { id } = (await api.call("POST", "/users", { email: "reset@example.com", name: "Reset", role: "support", password: "the first password" })).body;
    expect((await api.call("PATCH", `/users/${id}`, { password: "short" })).body.error.details).toEqual([{ path: "password", message: "Password must be at least 10 characters" }]);
    expect((await api.call("PATCH", `/users/${id}`, { password: "the second password" })).status).toBe(200);
    const consoleToken = await api.tokenFor("console");
    expect((await api.call("POST", "/auth/verify", { email: "reset@example.com", password: "the second password" }, consoleToken)).status).toBe(200);
    expect((await api.call("POST", "/auth/verify", { email: "reset@example.com", password: "the first password" }, consoleToken)).status).toBe(401);
    const audited = (await api.call("GET", "/audit?target=reset@example.com")).body.entries;
    expect(audited.map((e: { action: string }) => e.action)).toEqual(["user.update+password", "user.create"]);
  });

  it("always keeps an admin: the only one can be neither demoted nor removed, and the API says why", async () => {
    const only = (await api.call("GET", "/users")).body.users.find((u: { role: string }) => u.role === "admin");
    expect(await api.call("PATCH", `/users/${only.id}`, { role: "developer" })).toEqual({
      status: 409,
      body: { error: { code: "conflict", message: "admin@sluice.local is the only admin: make another user an admin before changing their role" } },
    });
    expect((await api.call("DELETE", `/users/${only.id}`)).body.error.message).toBe("admin@sluice.local is the only admin: make another user an admin before removing them");
    expect((await api.call("GET", `/users/${only.id}`)).body.role).toBe("admin");
    expect((await api.call("PATCH", `/users/${only.id}`, { name: "Still Admin" })).status).toBe(200); // other changes are fine

    // With a second admin, one of them may go; then the other is the only one.
    const second = (await api.call("POST", "/users", { email: "second-admin@example.com", name: "Second", role: "admin", password: "second admin password" })).body;
    expect((await api.call("PATCH", `/users/${only.id}`, { role: "support" })).status).toBe(200);
    expect((await api.call("DELETE", `/users/${second.id}`)).status).toBe(409);
    expect((await api.call("PATCH", `/users/${only.id}`, { role: "admin", name: "Administrator" })).status).toBe(200);
    expect((await api.call("DELETE", `/users/${second.id}`)).status).toBe(204);
  });

  it("lets developers read users but not change them", async () => {
    const developer = await api.tokenFor("developer");
    expect((await api.call("GET", "/users", undefined, developer)).status).toBe(200);
    expect((await api.call("POST", "/users", { email: "x@example.com", name: "X", role: "admin", password: "0123456789ab" }, developer)).status).toBe(403);
  });
});

describe("sign-in check", () => {
  const verify = (token: string, email: string, password: string) => api.call("POST", "/auth/verify", { email, password }, token);

  it("returns the user and role for the right password, 401 otherwise; only for the console token or admins", async () => {
    await api.call("POST", "/users", { email: "sam@example.com", name: "Sam", role: "support", password: "sam's long password" });
    const consoleToken = await api.tokenFor("console");
    const ok = await verify(consoleToken, "SAM@example.com", "sam's long password");
    expect(ok.status).toBe(200);
    expect(ok.body.user).toMatchObject({ email: "sam@example.com", role: "support" });
    expect(await verify(consoleToken, "sam@example.com", "wrong password")).toEqual({ status: 401, body: { error: { code: "unauthorized", message: "wrong email or password" } } });
    expect((await verify(consoleToken, "nobody@example.com", "whatever it is")).status).toBe(401);
    expect((await verify(await api.tokenFor("developer"), "sam@example.com", "sam's long password")).status).toBe(403);
  });

  it("throttles repeated failures for one email with 429 and Retry-After", async () => {
    await api.call("POST", "/users", { email: "target@example.com", name: "T", role: "support", password: "the real password" });
    const consoleToken = await api.tokenFor("console");
    for (let i = 0; i < 5; i++) expect((await verify(consoleToken, "target@example.com", `guess ${i}`)).status).toBe(401);
    const response = await fetch(`http://127.0.0.1:${api.server.ports.http}/v1/auth/verify`, {
      method: "POST",
      headers: { authorization: `Bearer ${consoleToken}`, "content-type": "application/json" },
      body: JSON.stringify({ email: "target@example.com", password: "the real password" }),
    });
    expect(response.status).toBe(429);
    expect(Number(response.headers.get("retry-after"))).toBeGreaterThan(0);
    expect((await response.json()).error.code).toBe("rate_limited");
  });
});

describe("sign-in through an identity provider", () => {
  it("answers with the user of that email and role, 404 for an email without a user; only for the console token or admins", async () => {
    await api.call("POST", "/users", { email: "octo@example.com", name: "Octo", role: "developer", password: "octo's long password" });
    const consoleToken = await api.tokenFor("console");
    const external = (email: string, token = consoleToken) => api.call("POST", "/auth/external", { email, provider: "github" }, token);
    const found = await external("Octo@Example.com");
    expect(found.status).toBe(200);
    expect(found.body.user).toMatchObject({ email: "octo@example.com", name: "Octo", role: "developer" });
    expect(await external("stranger@example.com")).toMatchObject({ status: 404, body: { error: { code: "not_found", message: expect.stringContaining("no Sluice user has the email stranger@example.com") } } });
    expect((await external("octo@example.com", await api.tokenFor("developer"))).status).toBe(403);
    expect((await external("not an email")).status).toBe(422);
  });
});

describe("sign-in check through the console", () => {
  it("counts attempts per address the console passes on in X-Sluice-Client-Ip; other tokens cannot pass one", async () => {
    const consoleToken = await api.tokenFor("console");
    const attempt = (token: string, address: string, email: string) =>
      fetch(`http://127.0.0.1:${api.server.ports.http}/v1/auth/verify`, {
        method: "POST",
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json", "x-sluice-client-ip": address },
        body: JSON.stringify({ email, password: "a guess at it" }),
      }).then((response) => response.status);
    for (let i = 0; i < 20; i++) expect(await attempt(consoleToken, "203.0.113.7", `nobody-${i}@example.com`)).toBe(401);
    expect(await attempt(consoleToken, "203.0.113.7", "someone@example.com")).toBe(429);
    expect(await attempt(consoleToken, "203.0.113.8", "someone@example.com")).toBe(401);
    expect(await attempt(adminToken, "203.0.113.7", "someone-else@example.com")).toBe(401);
  });
});

describe("API tokens", () => {
  it("shows a token once, lists it without its secret, records its use, and revokes it", async () => {
    const created = await api.call("POST", "/tokens", { name: "ci", scope: "developer" });
    expect(created.status).toBe(201);
    expect(created.body.token).toMatch(/^sluice_[0-9A-Za-z]{12}_[0-9A-Za-z]{43}$/);
    const { id, token } = created.body;

    expect((await api.call("GET", "/namespaces", undefined, token)).status).toBe(200);
    const listed = (await api.call("GET", "/tokens")).body.tokens.find((t: { id: string }) => t.id === id);
    expect(listed).toMatchObject({ name: "ci", scope: "developer", createdBy: "admin-token", revokedAt: null });
    expect(listed).not.toHaveProperty("token");
    expect(listed.lastUsedAt).not.toBeNull();

    expect((await api.call("DELETE", `/tokens/${id}`)).status).toBe(204);
    expect((await api.call("GET", "/namespaces", undefined, token)).status).toBe(401);
    expect((await api.call("DELETE", `/tokens/${id}`)).status).toBe(404);
    expect((await api.call("POST", "/tokens", { name: "x", scope: "root" })).status).toBe(422);
  });
});

describe("audit log", () => {
  it("lists changes newest first, filtered by actor and target, for admins only", async () => {
    const all = (await api.call("GET", "/audit?limit=500")).body.entries;
    expect(all.map((e: { action: string }) => e.action)).toEqual(expect.arrayContaining(["user.create", "user.update", "user.delete", "token.create", "token.revoke"]));
    expect(all[0].id).toBeGreaterThan(all[all.length - 1].id);
    const forSam = (await api.call("GET", "/audit?target=sam@example.com")).body.entries;
    expect(forSam.map((e: { action: string; actor: string }) => `${e.actor} ${e.action}`)).toEqual(["admin-token user.create"]);
    expect((await api.call("GET", "/audit?since=yesterday")).status).toBe(422);
    expect((await api.call("GET", "/audit", undefined, await api.tokenFor("developer"))).status).toBe(403);
  });

  it("pages back from an entry with before, and bounds time with since and until", async () => {
    const newest = (await api.call("GET", "/audit?limit=4")).body.entries;
    const first = (await api.call("GET", "/audit?limit=2")).body.entries;
    const second = (await api.call("GET", `/audit?limit=2&before=${first[1].id}`)).body.entries;
    expect([...first, ...second]).toEqual(newest);

    const pivot = newest[1];
    const ids = async (query: string) => (await api.call("GET", `/audit?limit=1000&${query}`)).body.entries.map((e: { id: number }) => e.id);
    const until = await ids(`until=${encodeURIComponent(pivot.at)}`);
    expect(until).not.toContain(pivot.id);
    expect(until.every((id: number) => id < pivot.id)).toBe(true);
    const since = await ids(`since=${encodeURIComponent(pivot.at)}`);
    expect(since).toContain(pivot.id);
    expect(since).toContain(newest[0].id);
    expect(await ids(`since=${encodeURIComponent(pivot.at)}&until=${encodeURIComponent(pivot.at)}`)).toEqual([]);

    expect((await api.call("GET", "/audit?until=tomorrow")).status).toBe(422);
    expect((await api.call("GET", "/audit?before=0")).status).toBe(422);
  });

  it("records refused writes with their outcome", async () => {
    const support = await api.tokenFor("support");
    await api.call("POST", "/namespaces", { name: "not-allowed" }, support);
    await api.call("POST", "/namespaces", { name: "Bad Name" });
    const entries = (await api.call("GET", "/audit?limit=5")).body.entries;
    expect(entries.slice(0, 2).map((e: { action: string; target: string; outcome: string }) => `${e.action} ${e.target} ${e.outcome}`)).toEqual([
      "POST /v1/namespaces /v1/namespaces 422 validation_failed",
      "POST /v1/namespaces /v1/namespaces 403 forbidden",
    ]);
    expect(entries[1].actor).toMatch(/^token:/);
    const ok = (await api.call("GET", "/audit?target=sam@example.com")).body.entries[0];
    expect(ok.outcome).toBe("ok");
  });
});
