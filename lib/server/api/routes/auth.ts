// /v1/auth/verify and /v1/auth/external — the console's sign-in checks: email and password, or an
// email an identity provider (GitHub, OIDC) vouched for → the Sluice user and role.
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { getConnInfo } from "@hono/node-server/conninfo";
import type { UserService } from "../../../control/users.ts";
import { signIn, user } from "../../../validations/users.ts";
import type { Actor, ApiEnv } from "../context.ts";
import { ApiError } from "../errors.ts";
import { errorResponses, errorSchema, jsonBody, jsonResponse } from "../openapi.ts";
import { toUser } from "./users.ts";

export function authRoutes(users: UserService) {
  const app = new OpenAPIHono<ApiEnv>();

  // POST /v1/auth/verify — check a sign-in (console token or admin), rate-limited per email and IP
  app.openapi(
    createRoute({
      method: "post",
      path: "/auth/verify",
      request: { body: jsonBody(signIn) },
      responses: { 200: jsonResponse(z.object({ user }), "Signed in"), 429: jsonResponse(errorSchema, "Too many attempts; see Retry-After"), ...errorResponses },
    }),
    async (c) => {
      const actor = c.get("actor");
      mayCheckSignIns(actor);
      const { email, password } = c.req.valid("json");
      // The console checks sign-ins for everyone who uses it: its token may pass on the address
      // each user came from, so the per-IP limit counts users' addresses rather than the console's.
      const forwarded = actor.consoleService ? c.req.header("x-sluice-client-ip") : undefined;
      const result = await users.verify(email, password, forwarded || (getConnInfo(c).remote.address ?? "unknown"));
      if (!result.ok && result.reason === "throttled") {
        throw new ApiError("rate_limited", `too many sign-in attempts; try again in ${result.retryAfterSeconds} s`, undefined, { "retry-after": String(result.retryAfterSeconds) });
      }
      if (!result.ok) throw new ApiError("unauthorized", "wrong email or password");
      return c.json({ user: toUser(result.user) }, 200);
    },
  );

  // POST /v1/auth/external — a sign-in through an identity provider the console trusts: only a
  // person who already has a Sluice user (same email) gets in, with that user's role.
  app.openapi(
    createRoute({
      method: "post",
      path: "/auth/external",
      request: { body: jsonBody(externalSignIn) },
      responses: { 200: jsonResponse(z.object({ user }), "The Sluice user with that email"), ...errorResponses },
    }),
    async (c) => {
      mayCheckSignIns(c.get("actor"));
      const { email, provider } = c.req.valid("json");
      const found = await users.findByEmail(email);
      if (!found) throw new ApiError("not_found", `no Sluice user has the email ${email} (signed in with ${provider}); an admin adds users`);
      return c.json({ user: toUser(found) }, 200);
    },
  );

  return app;
}

const externalSignIn = z
  .object({ email: z.string().trim().toLowerCase().email().max(254), provider: z.string().min(1).max(64).describe("The provider that vouched for the email, e.g. github") })
  .strict()
  .openapi("ExternalSignIn");

function mayCheckSignIns(actor: Actor): void {
  if (!actor.consoleService && actor.role !== "admin") throw new ApiError("forbidden", "only the console's token or an admin may check sign-ins");
}
