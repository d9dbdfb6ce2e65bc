// The password policy for console users, shared by the API, the console's forms and the CLI. Apart
// from passwords.ts (argon2, a native module) so that forms in the browser can import it.
import { z } from "zod";

export const passwordPolicy = z
  .string()
  .min(10, "Password must be at least 10 characters")
  // The upper bound keeps request bodies and hashing time bounded; no real passphrase needs more.
  .max(256, "Password must be at most 256 characters");
