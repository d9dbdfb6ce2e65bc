// The token scopes as the create form offers them: a role's permissions, or the console's own.
import { roleNames, rolesHint } from "@/components/users/role-options.ts";
import type { ApiTokenScope } from "@/lib/auth/token-scopes.ts";

const scopeNames: Record<ApiTokenScope, string> = { ...roleNames, console: "Console" };

export const scopeOptions = Object.entries(scopeNames).map(([value, label]) => ({ value, label }));

export const scopesHint = `Requests with the token may do what its role may do. ${rolesHint} Console: for a console run apart from the server; it acts for the users it names.`;
