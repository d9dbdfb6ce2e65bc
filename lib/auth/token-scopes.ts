// What an API token may do: its scope. Apart from api-tokens.ts (node:crypto) so that the
// console's token form in the browser can offer and check the scopes.
import { z } from "zod";

/**
 * `admin`, `developer` and `support` grant that role's permissions (roles.ts). `console` is the
 * console's service token: it is trusted to name the signed-in user in the `X-Sluice-Actor`
 * header, and the request then has that user's role and is audited under that user.
 */
export const apiTokenScopes = ["admin", "developer", "support", "console"] as const;
export const apiTokenScopeSchema = z.enum(apiTokenScopes);
export type ApiTokenScope = z.infer<typeof apiTokenScopeSchema>;
