// The console's settings, read once from its environment and frozen: the one place in the Next.js
// process that reads process.env for Sluice. `sluice up` passes them (lib/cli/console/process.ts),
// so a local console needs no configuration; a console run by hand (`next start`) sets them itself.
// Read on first use, not at import: `next build` imports every route without them.
import { z } from "zod";

export const consoleSettingsSchema = z.object({
  /** Where the control-plane API is, without /v1: http://127.0.0.1:8080. */
  SLUICE_CONSOLE_API_URL: z.string().url(),
  /** An API token of scope `console`: it may name the signed-in user in X-Sluice-Actor. */
  SLUICE_CONSOLE_API_TOKEN: z.string().min(1),
  /** Signs and encrypts next-auth's session cookie. */
  NEXTAUTH_SECRET: z.string().min(32, "must be at least 32 characters"),
  /** The console's public URL, for next-auth's redirects. */
  NEXTAUTH_URL: z.string().url(),
});

export type ConsoleSettings = Readonly<z.infer<typeof consoleSettingsSchema>>;

let cached: ConsoleSettings | undefined;

export function consoleSettings(): ConsoleSettings {
  if (cached) return cached;
  const parsed = consoleSettingsSchema.safeParse(process.env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `${String(issue.path[0])}: ${issue.message}`);
    throw new Error(`the console is not configured (sluice up sets these):\n${lines.join("\n")}`);
  }
  cached = Object.freeze(parsed.data);
  return cached;
}
