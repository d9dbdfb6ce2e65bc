// The console's secrets, kept in the data dir so a restart reuses them: its API token (scope
// `console`, created through the token service and so audited) and the NEXTAUTH_SECRET that
// signs sessions (a new one would sign every user out). One file, readable by its owner only.
import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import { apiTokenService } from "../../control/api-tokens.ts";
import type { Store } from "../../store/index.ts";

export interface ConsoleSecrets {
  apiToken: string;
  nextAuthSecret: string;
}

export const secretsFileName = "console-secrets.json";

/** The saved secrets, with a new API token when the saved one was revoked or lost. */
export async function consoleSecrets(store: Store, dataDir: string): Promise<ConsoleSecrets> {
  const file = path.join(dataDir, secretsFileName);
  const saved = readSaved(file);
  const tokens = apiTokenService(store);
  const reusable = saved?.apiToken !== undefined && (await tokens.verify(saved.apiToken))?.scope === "console";
  const secrets = {
    apiToken: reusable ? saved.apiToken! : (await tokens.create("sluice", { name: "console (sluice up)", scope: "console" })).token,
    nextAuthSecret: saved?.nextAuthSecret ?? randomBytes(32).toString("base64url"),
  };
  if (secrets.apiToken !== saved?.apiToken || secrets.nextAuthSecret !== saved?.nextAuthSecret) write(file, secrets);
  return secrets;
}

function readSaved(file: string): Partial<ConsoleSecrets> | undefined {
  try {
    const parsed: unknown = JSON.parse(readFileSync(file, "utf8"));
    if (typeof parsed !== "object" || parsed === null) return undefined;
    const { apiToken, nextAuthSecret } = parsed as Record<string, unknown>;
    return { apiToken: typeof apiToken === "string" ? apiToken : undefined, nextAuthSecret: typeof nextAuthSecret === "string" ? nextAuthSecret : undefined };
  } catch {
    return undefined; // missing or unreadable: made anew
  }
}

// Written beside the file and renamed over it, so a crash mid-write never leaves half a secret;
// created with mode 0600 so no other user can read it, even for a moment.
function write(file: string, secrets: ConsoleSecrets): void {
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(secrets, null, 2)}\n`, { mode: 0o600 });
  renameSync(temporary, file);
}
