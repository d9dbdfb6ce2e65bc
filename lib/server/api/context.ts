// What every API request carries once authenticated: who is acting, with which role.
import type { Role } from "../../auth/roles.ts";
import type { Principal } from "../../broker/auth.ts";

export interface Actor {
  /** Written to the audit log: a user's email, `token:<id>`, or `admin-token`. */
  name: string;
  role: Role;
  /**
   * The console's own token with no user named: it may only check sign-ins (POST /v1/auth/verify);
   * role checks refuse it everything else.
   */
  consoleService?: true;
  /** A device credential (JWT) on the HTTP on-ramp: its broker and topic ACL, as over MQTT. */
  device?: Principal;
  /**
   * A user acting through the console's token. The console reaches the API over loopback, so it
   * may pass on the host its user reached it by (X-Forwarded-Host) for the endpoints it shows.
   */
  viaConsole?: true;
}

export interface ApiEnv {
  Variables: { actor: Actor };
}
