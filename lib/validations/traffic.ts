// Recent traffic for the console's overview (GET /v1/traffic, GET …/brokers/:b/traffic): the
// ranges on offer and the shape of a point, shared by the API and the console.
import { z } from "@hono/zod-openapi";
import { dropReasons } from "../broker/stats.ts";

/** The ranges the overview offers: one point per `stepSeconds`, `points` of them. */
export const trafficRanges = {
  "1m": { stepSeconds: 1, points: 60 },
  "15m": { stepSeconds: 5, points: 180 },
  "1h": { stepSeconds: 20, points: 180 },
  "24h": { stepSeconds: 300, points: 288 },
} as const;
export type TrafficRange = keyof typeof trafficRanges;
export const trafficRangeNames = Object.keys(trafficRanges) as TrafficRange[];

export const trafficQuery = z.object({ range: z.enum(trafficRangeNames as [TrafficRange, ...TrafficRange[]]).default("1m") });

export const trafficPoint = z
  .object({
    t: z.number().describe("End of the interval, ms since the epoch"),
    connections: z.number().describe("Connected clients at t"),
    messagesIn: z.number().describe("Per second over the interval"),
    messagesOut: z.number(),
    bytesIn: z.number(),
    bytesOut: z.number(),
    drops: z.partialRecord(z.enum(dropReasons), z.number()).describe("Per second, by reason; reasons with none left out"),
    hookErrors: z.number(),
    hookLatencyP99: z.number().nullable().describe("Highest p99 call latency (ms) of the hook versions that ran in the interval"),
  })
  .openapi("TrafficPoint");
export type TrafficPoint = z.infer<typeof trafficPoint>;

const brokerNow = z.object({
  namespace: z.string(),
  name: z.string(),
  connections: z.number(),
  sessions: z.number(),
  subscriptions: z.number(),
  retained: z.number(),
  latest: trafficPoint.nullable(),
});

export const trafficTotal = z
  .object({ range: z.enum(trafficRangeNames as [TrafficRange, ...TrafficRange[]]), stepSeconds: z.number(), points: z.array(trafficPoint), brokers: z.array(brokerNow) })
  .openapi("Traffic");
export const brokerTraffic = z
  .object({ range: z.enum(trafficRangeNames as [TrafficRange, ...TrafficRange[]]), stepSeconds: z.number(), points: z.array(trafficPoint) })
  .openapi("BrokerTraffic");
export type Traffic = z.infer<typeof trafficTotal>;
export type BrokerTraffic = z.infer<typeof brokerTraffic>;
