// Who is signed in to the console, as the session carries it (lib/console/auth.ts). Shared by
// server pages and client islands; the role decides what the UI offers, the API decides what is allowed.
import type { Role } from "../auth/roles.ts";

export interface ConsoleUser {
  id: string;
  email: string;
  name: string;
  role: Role;
}
