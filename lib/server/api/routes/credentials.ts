// /v1/namespaces/:ns/brokers/:b/{credentials,revocations,publickeys,keys} — device
// credentials (Ed25519 JWTs with topic ACLs), modelled on Cloudflare Pub/Sub.
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { CredentialService } from "../../../control/credentials.ts";
import { credentialCheck, credentialCheckResult, credentialIssue, issuedCredential, jwks, revocation, revocationRequest } from "../../../validations/credentials.ts";
import type { ApiEnv } from "../context.ts";
import { requirePermission } from "../middleware/authorize.ts";
import { brokerParams, errorResponses, jsonBody, jsonResponse } from "../openapi.ts";

const jtiParams = brokerParams.extend({ jti: z.string().min(1).max(128).openapi({ param: { name: "jti", in: "path" } }) });
const iso = (d: Date | null) => d?.toISOString() ?? null;

export function credentialRoutes(credentials: CredentialService) {
  const app = new OpenAPIHono<ApiEnv>();
  const base = "/namespaces/{ns}/brokers/{b}";

  // POST …/credentials — issue up to 100 credentials: {"<clientId>": "<jwt>", …}
  app.openapi(
    createRoute({ method: "post", path: `${base}/credentials`, middleware: [requirePermission("credentials:issue")] as const, request: { params: brokerParams, body: jsonBody(credentialIssue) }, responses: { 201: jsonResponse(z.record(z.string(), z.string()), "Client ID → token"), ...errorResponses } }),
    async (c) => {
      const { ns, b } = c.req.valid("param");
      return c.json(await credentials.issue(c.get("actor").name, ns, b, c.req.valid("json")), 201);
    },
  );

  // GET …/credentials — credentials issued (never the tokens)
  app.openapi(
    createRoute({ method: "get", path: `${base}/credentials`, middleware: [requirePermission("brokers:read")] as const, request: { params: brokerParams }, responses: { 200: jsonResponse(z.object({ credentials: z.array(issuedCredential) }), "Issued"), ...errorResponses } }),
    async (c) => {
      const { ns, b } = c.req.valid("param");
      const rows = await credentials.listIssued(ns, b);
      return c.json({ credentials: rows.map((r) => ({ jti: r.jti, clientId: r.clientId, acl: r.acl, issuedAt: r.issuedAt.toISOString(), expiresAt: iso(r.expiresAt), lastConnectedAt: iso(r.lastConnectedAt), lastFailure: r.lastFailure })) }, 200);
    },
  );

  // POST …/credentials/:jti/check — may it publish to / subscribe to a topic, by which ACL rule? A
  // read (brokers:read); POST because topic filters carry "#", which a query string would cut off.
  app.openapi(
    createRoute({ method: "post", path: `${base}/credentials/{jti}/check`, middleware: [requirePermission("brokers:read")] as const, request: { params: jtiParams, body: jsonBody(credentialCheck) }, responses: { 200: jsonResponse(credentialCheckResult, "The broker's answer"), ...errorResponses } }),
    async (c) => {
      const { ns, b, jti } = c.req.valid("param");
      return c.json(await credentials.check(ns, b, jti, c.req.valid("json")), 200);
    },
  );

  // POST …/revocations — revoke by jti: live clients are disconnected (0x98), new CONNECTs refused (0x87)
  app.openapi(
    createRoute({ method: "post", path: `${base}/revocations`, middleware: [requirePermission("credentials:revoke")] as const, request: { params: brokerParams, body: jsonBody(revocationRequest) }, responses: { 200: jsonResponse(z.object({ revoked: z.array(z.string()), disconnected: z.number() }), "Revoked"), ...errorResponses } }),
    async (c) => {
      const { ns, b } = c.req.valid("param");
      return c.json(await credentials.revoke(c.get("actor").name, ns, b, c.req.valid("json").jti), 200);
    },
  );

  // GET …/revocations — revoked jtis
  app.openapi(
    createRoute({ method: "get", path: `${base}/revocations`, middleware: [requirePermission("brokers:read")] as const, request: { params: brokerParams }, responses: { 200: jsonResponse(z.object({ revocations: z.array(revocation) }), "Revocations"), ...errorResponses } }),
    async (c) => {
      const { ns, b } = c.req.valid("param");
      return c.json({ revocations: (await credentials.listRevoked(ns, b)).map((r) => ({ jti: r.jti, revokedAt: r.revokedAt.toISOString() })) }, 200);
    },
  );

  // DELETE …/revocations/:jti — unrevoke
  app.openapi(
    createRoute({ method: "delete", path: `${base}/revocations/{jti}`, middleware: [requirePermission("credentials:revoke")] as const, request: { params: jtiParams }, responses: { 204: { description: "Unrevoked" }, ...errorResponses } }),
    async (c) => {
      const { ns, b, jti } = c.req.valid("param");
      await credentials.unrevoke(c.get("actor").name, ns, b, jti);
      return c.body(null, 204);
    },
  );

  // GET …/publickeys — the broker's public keys as a JWKS (credentials and webhook signatures)
  app.openapi(
    createRoute({ method: "get", path: `${base}/publickeys`, middleware: [requirePermission("brokers:read")] as const, request: { params: brokerParams }, responses: { 200: jsonResponse(jwks, "JWKS"), ...errorResponses } }),
    async (c) => {
      const { ns, b } = c.req.valid("param");
      return c.json(await credentials.publicKeys(ns, b), 200);
    },
  );

  // POST …/keys/rotate — promote the next key; the old one keeps verifying issued tokens
  app.openapi(
    createRoute({ method: "post", path: `${base}/keys/rotate`, middleware: [requirePermission("brokers:write")] as const, request: { params: brokerParams }, responses: { 200: jsonResponse(jwks, "JWKS after rotation"), ...errorResponses } }),
    async (c) => {
      const { ns, b } = c.req.valid("param");
      return c.json(await credentials.rotateKeys(c.get("actor").name, ns, b), 200);
    },
  );

  // DELETE …/keys/:kid — remove a retired key: credentials it signed no longer connect
  app.openapi(
    createRoute({
      method: "delete",
      path: `${base}/keys/{kid}`,
      middleware: [requirePermission("brokers:write")] as const,
      request: { params: brokerParams.extend({ kid: z.string().min(1).max(64).openapi({ param: { name: "kid", in: "path" } }) }) },
      responses: { 200: jsonResponse(jwks, "JWKS after removal"), ...errorResponses },
    }),
    async (c) => {
      const { ns, b, kid } = c.req.valid("param");
      return c.json(await credentials.retireKey(c.get("actor").name, ns, b, kid), 200);
    },
  );

  return app;
}
