// Each token scope as the create form offers it: a role's permissions, or the console's service scope.
import { roleLabels } from "@/components/users/role-options.ts";
import type { ApiTokenScope } from "@/lib/auth/token-scopes.ts";

const scopeLabels: Record<ApiTokenScope, string> = {
  ...roleLabels,
  console: "Console: for a console run apart from the server; acts for the users it names",
};

export const scopeOptions = Object.entries(scopeLabels).map(([value, label]) => ({ value, label }));
