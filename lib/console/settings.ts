// The console's settings, read once from its environment and frozen: the one place in the Next.js
// process that reads process.env for Sluice. `sluice up` passes them (lib/cli/console/process.ts),
// so a local console needs no configuration; a console run by hand (`next start`) sets them itself.
// Read on first use, not at import: `next build` imports every route without them.
import { z } from "zod";

/** Set both or neither: an identity provider is offered on the sign-in page when its settings are there. */
const bothOrNeither = (a: string, b: string) => (env: Record<string, unknown>) => (env[a] === undefined) === (env[b] === undefined);

export const consoleSettingsSchema = z
  .object({
  /** Where the control-plane API is, without /v1: http://127.0.0.1:8080. */
  SLUICE_CONSOLE_API_URL: z.string().url(),
  /** An API token of scope `console`: it may name the signed-in user in X-Sluice-Actor. */
  SLUICE_CONSOLE_API_TOKEN: z.string().min(1),
  /** Signs and encrypts next-auth's session cookie. */
  NEXTAUTH_SECRET: z.string().min(32, "must be at least 32 characters"),
  /** The console's public URL, for next-auth's redirects. */
  NEXTAUTH_URL: z.string().url(),
  /** "Sign in with GitHub": an OAuth app's client ID and secret (callback: <console>/api/auth/callback/github). */
  SLUICE_CONSOLE_GITHUB_CLIENT_ID: z.string().min(1).optional(),
  SLUICE_CONSOLE_GITHUB_CLIENT_SECRET: z.string().min(1).optional(),
  /** Any OpenID Connect provider: its issuer URL, a client (callback: <console>/api/auth/callback/oidc), and the name on the button. */
  SLUICE_CONSOLE_OIDC_ISSUER: z.string().url().optional(),
  SLUICE_CONSOLE_OIDC_CLIENT_ID: z.string().min(1).optional(),
  SLUICE_CONSOLE_OIDC_CLIENT_SECRET: z.string().min(1).optional(),
  SLUICE_CONSOLE_OIDC_NAME: z.string().min(1).optional(),
})
  .refine(bothOrNeither("SLUICE_CONSOLE_GITHUB_CLIENT_ID", "SLUICE_CONSOLE_GITHUB_CLIENT_SECRET"), { path: ["SLUICE_CONSOLE_GITHUB_CLIENT_ID"], message: "set it together with SLUICE_CONSOLE_GITHUB_CLIENT_SECRET" })
  .refine(bothOrNeither("SLUICE_CONSOLE_OIDC_ISSUER", "SLUICE_CONSOLE_OIDC_CLIENT_ID"), { path: ["SLUICE_CONSOLE_OIDC_ISSUER"], message: "set it together with SLUICE_CONSOLE_OIDC_CLIENT_ID and SLUICE_CONSOLE_OIDC_CLIENT_SECRET" })
  .refine(bothOrNeither("SLUICE_CONSOLE_OIDC_CLIENT_ID", "SLUICE_CONSOLE_OIDC_CLIENT_SECRET"), { path: ["SLUICE_CONSOLE_OIDC_CLIENT_ID"], message: "set it together with SLUICE_CONSOLE_OIDC_ISSUER and SLUICE_CONSOLE_OIDC_CLIENT_SECRET" });

export type ConsoleSettings = Readonly<z.infer<typeof consoleSettingsSchema>>;

let cached: ConsoleSettings | undefined;

export function consoleSettings(): ConsoleSettings {
  cached ??= parseConsoleSettings(process.env);
  return cached;
}

/** Checks an environment for the console; `sluice up` calls it before starting the console, to fail at once. */
export function parseConsoleSettings(env: Record<string, string | undefined>): ConsoleSettings {
  const parsed = consoleSettingsSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `${String(issue.path[0])}: ${issue.message}`);
    throw new Error(`the console's settings are not valid:\n${lines.join("\n")}`);
  }
  return Object.freeze(parsed.data);
}
