// The HTTP on-ramp: a message published over HTTP as if from an MQTT client.
import { z } from "@hono/zod-openapi";

export const messagePublish = z
  .object({
    topic: z.string().min(1),
    payload: z.string().max(1024 * 1024),
    /** "base64" when `payload` carries binary data. */
    encoding: z.enum(["utf8", "base64"]).default("utf8"),
    qos: z.union([z.literal(0), z.literal(1), z.literal(2)]).default(0),
    retain: z.boolean().default(false),
    contentType: z.string().max(256).optional(),
    /** Ordered key/value pairs, as MQTT 5 user properties. */
    userProperties: z.array(z.tuple([z.string(), z.string()])).max(64).optional(),
  })
  .strict()
  .openapi("MessagePublish");

export type MessagePublish = z.infer<typeof messagePublish>;
