// Names of namespaces and brokers: DNS labels, so they fit in a TLS SNI host name
// (`<broker>.<namespace>.<domain>`). Shared by the API, the console's forms and the CLI.
import { z } from "@hono/zod-openapi";

export const dnsLabel = z
  .string()
  .min(1, "must not be empty")
  .max(63, "must be at most 63 characters")
  .regex(/^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/, "must be lowercase letters, digits and hyphens, starting and ending with a letter or digit");
