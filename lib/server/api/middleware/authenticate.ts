// `Authorization: Bearer <token>` → the acting user and role, or 401. Accepted: the configured
// SLUICE_ADMIN_TOKEN (admin), and API tokens from the store. A `console` token acts for the user
// it names in X-Sluice-Actor, with that user's role (no other token may name an actor); without
// the header it may only check sign-ins, passing on the user's address in X-Sluice-Client-Ip. A
// device credential (JWT) is accepted for the HTTP on-ramp only.
import type { MiddlewareHandler } from "hono";
import { matchesAdminToken } from "../../../auth/api-tokens.ts";
import type { BrokerHost } from "../../../broker/host.ts";
import { apiTokenService } from "../../../control/api-tokens.ts";
import type { Store } from "../../../store/index.ts";
import type { ApiEnv } from "../context.ts";
import { ApiError } from "../errors.ts";

/** Last-used times are written at most this often per token, not on every request. */
const touchIntervalMs = 60_000;

export function authenticate(store: Store, host: BrokerHost, adminToken: string | undefined): MiddlewareHandler<ApiEnv> {
  const tokens = apiTokenService(store);
  const touched = new Map<string, number>();
  const unauthorized = (message: string) => new ApiError("unauthorized", message, undefined, { "www-authenticate": 'Bearer realm="sluice"' });

  return async (c, next) => {
    const header = c.req.header("authorization");
    const token = header?.match(/^Bearer\s+(\S+)$/i)?.[1];
    if (!token) throw unauthorized("missing bearer token");
    if (matchesAdminToken(token, adminToken)) {
      c.set("actor", { name: "admin-token", role: "admin" });
      return next();
    }
    if (looksLikeJwt(token)) {
      // A device credential, checked exactly as at CONNECT (signature, expiry, revocation).
      const result = await host.authenticator.authenticate({ clientId: "", password: Buffer.from(token), protocolVersion: 5, transport: "http", remoteAddress: "http" });
      if (!result.ok) throw unauthorized(`device credential refused: ${result.reason}`);
      c.set("actor", { name: `device:${result.principal.clientId}`, role: "support", device: result.principal });
      return next();
    }
    const record = await tokens.verify(token);
    if (!record) throw unauthorized("invalid or revoked token");

    const now = Date.now();
    if (now - (touched.get(record.id) ?? 0) > touchIntervalMs) {
      touched.set(record.id, now);
      await store.apiTokens.touch(record.id, new Date(now));
    }

    if (record.scope === "console") {
      const email = c.req.header("x-sluice-actor");
      if (!email) {
        c.set("actor", { name: "console", role: "support", consoleService: true });
        return next();
      }
      const user = await store.users.getByEmail(email);
      if (!user) throw unauthorized(`unknown user ${email}`);
      c.set("actor", { name: user.email, role: user.role, viaConsole: true });
    } else {
      c.set("actor", { name: `token:${record.id}`, role: record.scope });
    }
    return next();
  };
}

function looksLikeJwt(token: string): boolean {
  return /^[\w-]+\.[\w-]+\.[\w-]+$/.test(token);
}
