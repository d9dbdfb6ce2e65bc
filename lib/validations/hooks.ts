// On-publish hooks: deploy and test requests (API, console and CLI share them).
import { z } from "@hono/zod-openapi";
import { topicFilterError } from "../broker/protocol/topic.ts";

const topicFilter = z.string().superRefine((filter, ctx) => {
  const error = topicFilterError(filter, { maxTopicLength: 1024, maxTopicLevels: 32 });
  if (error) ctx.addIssue({ code: "custom", message: error });
});

const common = {
  /** Which topics pass through the hook; the rest skip it. */
  topics: z.array(topicFilter).min(1).max(100).default(["#"]),
  timeoutMs: z.number().int().min(10).max(30_000).default(1000),
  /** On timeout, exception or a bad return value: drop the batch or deliver it unchanged. */
  onError: z.enum(["drop", "deliver"]).default("drop"),
};

export const hookDeploy = z
  .discriminatedUnion("kind", [
    z.object({ kind: z.literal("script"), source: z.string().min(1).max(1024 * 1024), ...common }).strict(),
    z.object({ kind: z.literal("webhook"), url: z.string().url().refine((u) => /^https?:/.test(u), "must be an http(s) URL"), ...common }).strict(),
  ])
  .openapi("HookDeploy");

export const hookVersion = z
  .object({
    version: z.number(),
    kind: z.enum(["script", "webhook"]),
    source: z.string().nullable(),
    url: z.string().nullable(),
    topics: z.array(z.string()),
    timeoutMs: z.number(),
    onError: z.enum(["drop", "deliver"]),
    createdBy: z.string(),
    createdAt: z.string().datetime(),
  })
  .openapi("HookVersion");

const testMessage = z
  .object({
    mid: z.number().int().optional(),
    topic: z.string().min(1),
    payload: z.string(),
    clientId: z.string().default("test-client"),
    qos: z.union([z.literal(0), z.literal(1), z.literal(2)]).default(0),
    retain: z.boolean().default(false),
    contentType: z.string().optional(),
    userProperties: z.array(z.tuple([z.string(), z.string()])).optional(),
  })
  .strict();

export const hookTestMessages = z.array(testMessage).min(1).max(100);

/**
 * Runs a deployed version (default: the live one) or `hook`, one not deployed yet: what the
 * console's editor holds. Testing an undeployed hook takes hooks:write, like deploying it.
 */
export const hookTest = z
  .object({ messages: hookTestMessages, version: z.number().int().positive().optional(), hook: hookDeploy.optional() })
  .strict()
  .refine((test) => test.version === undefined || test.hook === undefined, { message: "give a version or a hook, not both", path: ["hook"] })
  .openapi("HookTest");
export const hookRollback = z.object({ version: z.number().int().positive() }).strict().openapi("HookRollback");

/** What a test run did to each input message; output without a `mid` is a new publish. */
export const hookTestDecision = z.enum(["passed", "modified", "dropped"]);

export const hookTestResult = z
  .object({
    output: z.array(z.object({ mid: z.number().optional(), topic: z.string(), payload: z.string(), payloadEncoding: z.literal("base64").optional() }).passthrough()),
    /** One per input message, in input order; empty when the hook failed. */
    decisions: z.array(z.object({ mid: z.number(), decision: hookTestDecision })),
    logs: z.array(z.object({ level: z.string(), message: z.string() })),
    durationMs: z.number(),
    error: z.object({ kind: z.string(), message: z.string() }).optional(),
  })
  .openapi("HookTestResult");

export type HookDeploy = z.infer<typeof hookDeploy>;
export type HookTest = z.infer<typeof hookTest>;
export type HookTestDecision = z.infer<typeof hookTestDecision>;

export const hookLogsQuery = z.object({
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  follow: z
    .enum(["0", "1", "true", "false"])
    .optional()
    .transform((v) => v === "1" || v === "true"),
});

export const hookLogEntry = z
  .object({
    id: z.number(),
    at: z.string().datetime(),
    version: z.number(),
    level: z.enum(["log", "warn", "error"]),
    message: z.string(),
    messages: z.array(z.object({ mid: z.number(), topic: z.string(), clientId: z.string() })).optional(),
  })
  .openapi("HookLogEntry");

export const hookMetrics = z
  .object({
    live: z.number().nullable(),
    versions: z.array(
      z.object({
        version: z.number(),
        invocations: z.number(),
        messagesIn: z.number(),
        messagesOut: z.number(),
        dropped: z.number(),
        modified: z.number(),
        created: z.number().describe("messages the hook published by returning them without a mid"),
        errors: z.number(),
        timeouts: z.number(),
        latencyMs: z.object({ p50: z.number().nullable(), p99: z.number().nullable() }),
      }),
    ),
  })
  .openapi("HookMetrics");
