// Request and response shapes of namespaces and brokers (API, console and CLI share them).
import { z } from "@hono/zod-openapi";
import { defaultLimits } from "../broker/limits.ts";
import { dnsLabel } from "./names.ts";

export const namespaceCreate = z.object({ name: dnsLabel }).strict().openapi("NamespaceCreate");

export const namespace = z
  .object({ name: z.string(), createdAt: z.string().datetime() })
  .openapi("Namespace");

/** Overrides of the broker limits in lib/broker/limits.ts; each a positive integer. */
export const brokerLimits = z
  .object(Object.fromEntries(Object.keys(defaultLimits).map((key) => [key, z.number().int().positive().optional()])) as Record<keyof typeof defaultLimits, z.ZodOptional<z.ZodNumber>>)
  .strict()
  .openapi("BrokerLimits");

/** Seconds a device credential lives by default; null: credentials do not expire. */
const credentialExpiration = z.number().int().positive().max(10 * 365 * 24 * 3600).nullable();

/** A host name (`api.example.com`) or a wildcard for its subdomains (`*.example.com`), lowercase. */
const fetchHost = z
  .string()
  .max(253, "must be at most 253 characters")
  .regex(/^(\*\.)?[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/, "must be a lowercase host name, or *. followed by one")
  .refine((host) => !host.startsWith("*.") || host.includes(".", 2), "a wildcard must name a domain with at least two labels (*.example.com)");

/** The hosts a script hook's fetch() may reach; empty: none. */
export const fetchAllowList = z.array(fetchHost).max(50, "at most 50 hosts").openapi("FetchAllowList");

export const brokerCreate = z
  .object({ name: dnsLabel, limits: brokerLimits.optional(), credentialExpiration: credentialExpiration.optional(), fetchAllowList: fetchAllowList.optional() })
  .strict()
  .openapi("BrokerCreate");

export const brokerUpdate = z
  .object({ limits: brokerLimits.optional(), credentialExpiration: credentialExpiration.optional(), fetchAllowList: fetchAllowList.optional() })
  .strict()
  .openapi("BrokerUpdate");

export const broker = z
  .object({
    namespace: z.string(),
    name: z.string(),
    limits: brokerLimits,
    credentialExpiration: z.number().nullable(),
    fetchAllowList,
    createdAt: z.string().datetime(),
    endpoints: z.object({ mqtt: z.string(), mqtts: z.string().optional(), websocket: z.string(), secureWebsocket: z.string().optional() }),
  })
  .openapi("Broker");

export type BrokerCreate = z.infer<typeof brokerCreate>;
export type BrokerUpdate = z.infer<typeof brokerUpdate>;
