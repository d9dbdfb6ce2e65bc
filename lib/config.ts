// One validated, frozen configuration built from command-line flags and environment variables.
// Everything that reads a setting gets it from here; nothing else reads process.env.
import { z } from "zod";

const port = z.coerce.number({ error: "must be a port number (0-65535)" }).int("must be a port number (0-65535)").min(0, "must be a port number (0-65535)").max(65535, "must be a port number (0-65535)");
const optionalText = z.string().min(1).optional();

const configSchema = z.object({
    mqttPort: port.default(1883),
    mqttsPort: port.default(8883),
    httpPort: port.default(8080),
    httpsPort: port.default(8443),
    consolePort: port.default(3000),
    host: z.string().min(1).default("0.0.0.0"),
    tlsCert: optionalText,
    tlsKey: optionalText,
    dataDir: z.string().min(1).default("./.sluice"),
    databaseUrl: z
      .string()
      .regex(/^postgres(ql)?:\/\//, "must be a postgres:// or postgresql:// URL")
      .optional(),
    allowAnonymous: z.boolean().default(false),
    logLevel: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
    /** How often dirty retained messages and sessions are written to the store (ms). */
    flushIntervalMs: z.coerce.number().int().min(10).max(60_000).default(1000),
    /** The first admin user, created when the store has no users (a password is generated when unset). */
    adminEmail: z.string().email().default("admin@sluice.local"),
    adminPassword: z.string().min(10, "must be at least 10 characters").optional(),
    /** Bearer token accepted as an admin on the API, so automation can bootstrap. */
    adminToken: z.string().min(16, "must be at least 16 characters").optional(),
    /** How often $SYS/broker/… topics are published (s); 0 turns them off. */
    sysIntervalSeconds: z.coerce.number().int().min(0).max(3600).default(10),
    /**
     * The WebSocket URL browsers reach `/mqtt` by when a proxy stands in front (wss://mqtt.example.com/mqtt);
     * `/<namespace>/<broker>` is appended. Unset: broker endpoints name the host the caller used.
     */
    publicWsUrl: z
      .string()
      .regex(/^wss?:\/\/[^/?#\s]+(\/[^?#\s]*)?$/, "must be a ws:// or wss:// URL without query or fragment")
      .transform((url) => url.replace(/\/+$/, ""))
      .optional(),
});

export type Config = Readonly<z.infer<typeof configSchema>>;

/**
 * Environment variables as a plain map. Not NodeJS.ProcessEnv: Next.js's types (the console
 * shares this tsconfig) make NODE_ENV a required member of it, which a map of overrides lacks.
 */
export type Environment = Readonly<Record<string, string | undefined>>;
export type ConfigInput = z.input<typeof configSchema>;

/** Every setting: its flag, its environment variable and its help line (the CLI builds options from this). */
export const settings = [
  { key: "mqttPort", flag: "--mqtt-port <port>", env: "SLUICE_MQTT_PORT", help: "MQTT over TCP port (default 1883)" },
  { key: "mqttsPort", flag: "--mqtts-port <port>", env: "SLUICE_MQTTS_PORT", help: "MQTT over TLS port, with --tls-cert/--tls-key (default 8883)" },
  { key: "httpPort", flag: "--http-port <port>", env: "SLUICE_HTTP_PORT", help: "HTTP port: /healthz, /metrics, MQTT over WebSocket at /mqtt (default 8080)" },
  { key: "httpsPort", flag: "--https-port <port>", env: "SLUICE_HTTPS_PORT", help: "HTTPS port: the same as --http-port over TLS, with --tls-cert/--tls-key (default 8443)" },
  { key: "consolePort", flag: "--console-port <port>", env: "SLUICE_CONSOLE_PORT", help: "web console port, unless --no-console (default 3000)" },
  { key: "host", flag: "--host <address>", env: "SLUICE_HOST", help: "address to listen on (default 0.0.0.0)" },
  { key: "tlsCert", flag: "--tls-cert <file>", env: "SLUICE_TLS_CERT", help: "PEM certificate (chain) for MQTTS and HTTPS" },
  { key: "tlsKey", flag: "--tls-key <file>", env: "SLUICE_TLS_KEY", help: "PEM private key for MQTTS and HTTPS" },
  { key: "dataDir", flag: "--data-dir <dir>", env: "SLUICE_DATA_DIR", help: "data directory for the embedded store (default ./.sluice)" },
  { key: "databaseUrl", flag: "--database-url <url>", env: "DATABASE_URL", help: "PostgreSQL URL; the embedded store (PGlite) is used when unset" },
  { key: "adminEmail", flag: "--admin-email <email>", env: "SLUICE_ADMIN_EMAIL", help: "email of the admin user created on first start (default admin@sluice.local)" },
  { key: "adminPassword", flag: "--admin-password <password>", env: "SLUICE_ADMIN_PASSWORD", help: "password of that admin user; generated and logged once when unset" },
  { key: "adminToken", flag: "--admin-token <token>", env: "SLUICE_ADMIN_TOKEN", help: "API token with admin rights for automation (prefer the environment variable)" },
  { key: "allowAnonymous", flag: "--allow-anonymous", env: "SLUICE_ALLOW_ANONYMOUS", help: "let clients without credentials use the default/default broker" },
  { key: "logLevel", flag: "--log-level <level>", env: "SLUICE_LOG_LEVEL", help: "fatal|error|warn|info|debug|trace|silent (default info)" },
  { key: "flushIntervalMs", flag: "--flush-interval-ms <ms>", env: "SLUICE_FLUSH_INTERVAL_MS", help: "write-behind interval for retained messages and sessions (default 1000)" },
  { key: "sysIntervalSeconds", flag: "--sys-interval <seconds>", env: "SLUICE_SYS_INTERVAL", help: "$SYS topic publish interval, 0 to disable (default 10)" },
  { key: "publicWsUrl", flag: "--public-ws-url <url>", env: "SLUICE_PUBLIC_WS_URL", help: "public MQTT-over-WebSocket URL behind a proxy, e.g. wss://mqtt.example.com/mqtt; /<namespace>/<broker> is appended" },
] as const satisfies ReadonlyArray<{ key: keyof ConfigInput; flag: string; env: string; help: string }>;

export class ConfigError extends Error {}

/**
 * Builds the configuration: flags win over environment variables, which win over defaults.
 * Throws ConfigError with one line per invalid setting, each naming its flag.
 */
export function loadConfig(flags: Partial<Record<keyof ConfigInput, unknown>>, env: Environment = process.env): Config {
  const input: Record<string, unknown> = {};
  for (const s of settings) {
    const fromFlag = flags[s.key];
    const fromEnv = env[s.env];
    if (fromFlag !== undefined) input[s.key] = fromFlag;
    else if (fromEnv !== undefined && fromEnv !== "") input[s.key] = s.key === "allowAnonymous" ? parseBoolean(fromEnv) : fromEnv;
  }
  const parsed = configSchema.safeParse(input);
  const lines = parsed.success ? [] : parsed.error.issues.map((issue) => `${describe(String(issue.path[0]))}: ${issue.message}`);
  if (Boolean(input.tlsCert) !== Boolean(input.tlsKey)) lines.push(`${describe("tlsCert")} and ${describe("tlsKey")} must be given together`);
  if (!parsed.success || lines.length > 0) throw new ConfigError(lines.join("\n"));
  return Object.freeze(parsed.data);
}

/** The flag that sets a config key, for error messages such as "port taken". */
export function flagFor(key: keyof ConfigInput): string {
  const setting = settings.find((s) => s.key === key);
  return setting ? setting.flag.split(" ")[0] : key;
}

/** "--flag (ENV_VAR)" for a config key. */
function describe(key: string): string {
  const setting = settings.find((s) => s.key === key);
  return setting ? `${setting.flag.split(" ")[0]} (${setting.env})` : key;
}

function parseBoolean(value: string): boolean | string {
  if (/^(1|true|yes|on)$/i.test(value)) return true;
  if (/^(0|false|no|off)$/i.test(value)) return false;
  return value; // left for zod to reject with a clear message
}
