// next-auth's session and token carry the console user (lib/console/auth.ts puts it there).
import type { Role } from "../auth/roles.ts";
import type { ConsoleUser } from "./user.ts";

declare module "next-auth" {
  interface Session {
    user: ConsoleUser;
  }
  /** What the Credentials provider's authorize() returns: the API's user. */
  interface User {
    role: Role;
  }
}

declare module "next-auth/jwt" {
  interface JWT {
    user?: ConsoleUser;
  }
}
