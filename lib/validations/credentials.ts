// Device credentials: issue and revoke requests (API, console and CLI share them).
import { z } from "@hono/zod-openapi";
import { MAX_CREDENTIALS_PER_REQUEST } from "../auth/credential-limits.ts";
import { topicFilterError, topicNameError } from "../broker/protocol/topic.ts";

const filterLimits = { maxTopicLength: 1024, maxTopicLevels: 32 };
const topicFilter = z.string().superRefine((filter, ctx) => {
  const error = topicFilterError(filter, filterLimits);
  if (error) ctx.addIssue({ code: "custom", message: error });
});

export const credentialIssue = z
  .object({
    number: z.number().int().min(1).max(MAX_CREDENTIALS_PER_REQUEST).optional(),
    clientId: z.string().min(1).max(256).optional(),
    /** Seconds from now; null: no expiry; absent: the broker's credentialExpiration. */
    expiration: z.number().int().positive().nullable().optional(),
    acl: z.object({ pub: z.array(topicFilter).max(100).optional(), sub: z.array(topicFilter).max(100).optional() }).strict().optional(),
  })
  .strict()
  .refine((r) => r.clientId === undefined || (r.number ?? 1) === 1, { message: "clientId names one credential: leave number out or set it to 1", path: ["number"] })
  .openapi("CredentialIssue");

export const revocationRequest = z.object({ jti: z.array(z.string().min(1).max(128)).min(1).max(1000) }).strict().openapi("RevocationRequest");

export type CredentialIssue = z.infer<typeof credentialIssue>;

/** "May this credential publish to this topic / subscribe to this filter?" */
export const credentialCheck = z
  .object({ action: z.enum(["publish", "subscribe"]), topic: z.string() })
  .strict()
  .superRefine(({ action, topic }, ctx) => {
    // A PUBLISH names a topic; a SUBSCRIBE a filter, wildcards and $share/ included.
    const error = action === "publish" ? topicNameError(topic, filterLimits) : topicFilterError(topic, filterLimits);
    if (error) ctx.addIssue({ code: "custom", path: ["topic"], message: error });
  })
  .openapi("CredentialCheck");

export const credentialCheckResult = z
  .object({
    allowed: z.boolean().openapi({ description: "What the broker would do now: the ACL allows it and the credential is neither revoked nor expired" }),
    rule: z.string().nullable().openapi({ description: "The ACL filter that allows it (the first that matches, whatever the status); null when none does" }),
    status: z.enum(["active", "revoked", "expired"]),
    reason: z.string(),
  })
  .openapi("CredentialCheckResult");

export type CredentialCheck = z.infer<typeof credentialCheck>;
export type CredentialCheckResult = z.infer<typeof credentialCheckResult>;

export const jwks = z.object({ keys: z.array(z.object({ kty: z.string(), crv: z.string(), x: z.string(), kid: z.string(), alg: z.string(), use: z.string() })) }).openapi("JWKS");
export const issuedCredential = z
  .object({ jti: z.string(), clientId: z.string(), acl: z.object({ pub: z.array(z.string()), sub: z.array(z.string()) }), issuedAt: z.string().datetime(), expiresAt: z.string().datetime().nullable(), lastConnectedAt: z.string().datetime().nullable(), lastFailure: z.string().nullable() })
  .openapi("IssuedCredential");
export const revocation = z.object({ jti: z.string(), revokedAt: z.string().datetime() }).openapi("Revocation");

export type Jwks = z.infer<typeof jwks>;
export type IssuedCredential = z.infer<typeof issuedCredential>;
export type Revocation = z.infer<typeof revocation>;
