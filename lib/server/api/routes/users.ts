// /v1/users — console users (admin writes; developers and support read).
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { UserService } from "../../../control/users.ts";
import type { UserRecord } from "../../../store/repositories/users.ts";
import { user, userCreate, userUpdate } from "../../../validations/users.ts";
import type { ApiEnv } from "../context.ts";
import { requirePermission } from "../middleware/authorize.ts";
import { errorResponses, jsonBody, jsonResponse } from "../openapi.ts";

/** A user as the API shows it: never the password hash. */
export const toUser = (u: UserRecord) => ({ id: u.id, email: u.email, name: u.name, role: u.role, createdAt: u.createdAt.toISOString(), updatedAt: u.updatedAt.toISOString() });

const userParams = z.object({ id: z.string().uuid().openapi({ param: { name: "id", in: "path" } }) });

export function userRoutes(users: UserService) {
  const app = new OpenAPIHono<ApiEnv>();

  // POST /v1/users — create a user with a role and an initial password
  app.openapi(
    createRoute({ method: "post", path: "/users", middleware: [requirePermission("users:write")] as const, request: { body: jsonBody(userCreate) }, responses: { 201: jsonResponse(user, "Created"), ...errorResponses } }),
    async (c) => c.json(toUser(await users.create(c.get("actor").name, c.req.valid("json"))), 201),
  );

  // GET /v1/users — list users
  app.openapi(
    createRoute({ method: "get", path: "/users", middleware: [requirePermission("users:read")] as const, responses: { 200: jsonResponse(z.object({ users: z.array(user) }), "Users"), ...errorResponses } }),
    async (c) => c.json({ users: (await users.list()).map(toUser) }, 200),
  );

  // GET /v1/users/:id — one user
  app.openapi(
    createRoute({ method: "get", path: "/users/{id}", middleware: [requirePermission("users:read")] as const, request: { params: userParams }, responses: { 200: jsonResponse(user, "User"), ...errorResponses } }),
    async (c) => c.json(toUser(await users.get(c.req.valid("param").id)), 200),
  );

  // PATCH /v1/users/:id — change name or role, or reset the password
  app.openapi(
    createRoute({ method: "patch", path: "/users/{id}", middleware: [requirePermission("users:write")] as const, request: { params: userParams, body: jsonBody(userUpdate) }, responses: { 200: jsonResponse(user, "Updated"), ...errorResponses } }),
    async (c) => c.json(toUser(await users.update(c.get("actor").name, c.req.valid("param").id, c.req.valid("json"))), 200),
  );

  // DELETE /v1/users/:id — remove a user
  app.openapi(
    createRoute({ method: "delete", path: "/users/{id}", middleware: [requirePermission("users:write")] as const, request: { params: userParams }, responses: { 204: { description: "Deleted" }, ...errorResponses } }),
    async (c) => {
      await users.remove(c.get("actor").name, c.req.valid("param").id);
      return c.body(null, 204);
    },
  );

  return app;
}
