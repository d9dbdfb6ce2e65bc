// Console users, sign-in and API tokens: request and response shapes shared by API, console and CLI.
import { z } from "@hono/zod-openapi";
import { passwordPolicy } from "../auth/password-policy.ts";
import { roles } from "../auth/roles.ts";
import { apiTokenScopes } from "../auth/token-scopes.ts";

const email = z.string().trim().toLowerCase().email("must be an email address").max(254);
const role = z.enum(roles);

export const userCreate = z.object({ email, name: z.string().trim().min(1).max(200), role, password: passwordPolicy }).strict().openapi("UserCreate");
export const userUpdate = z.object({ name: z.string().trim().min(1).max(200).optional(), role: role.optional(), password: passwordPolicy.optional() }).strict().openapi("UserUpdate");
export const user = z
  .object({ id: z.string().uuid(), email: z.string(), name: z.string(), role, createdAt: z.string().datetime(), updatedAt: z.string().datetime() })
  .openapi("User");

export const signIn = z.object({ email, password: z.string().min(1).max(256) }).strict().openapi("SignIn");

export const tokenCreate = z.object({ name: z.string().trim().min(1).max(200), scope: z.enum(apiTokenScopes) }).strict().openapi("TokenCreate");
export const token = z
  .object({ id: z.string(), name: z.string(), scope: z.enum(apiTokenScopes), createdBy: z.string(), createdAt: z.string().datetime(), lastUsedAt: z.string().datetime().nullable(), revokedAt: z.string().datetime().nullable() })
  .openapi("Token");

export type UserCreate = z.infer<typeof userCreate>;
export type UserUpdate = z.infer<typeof userUpdate>;
export type TokenCreate = z.infer<typeof tokenCreate>;
