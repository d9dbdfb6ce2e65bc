// Structured logging (pino). Lines about a connection carry `broker` and `clientId` through
// child loggers created in lib/broker/connection.ts.
import pino, { type Logger } from "pino";

export type { Logger };

export function createLogger(level: string): Logger {
  return pino({ level, base: { service: "sluice" } });
}
