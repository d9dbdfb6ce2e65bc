// The control-plane API under /v1 (Hono): authentication for every route, one error shape, and
// the OpenAPI document generated from the same zod schemas at /v1/openapi.json.
import { OpenAPIHono } from "@hono/zod-openapi";
import type { BrokerHost } from "../../broker/host.ts";
import { tenancyService } from "../../control/tenancy.ts";
import type { Logger } from "../../logger.ts";
import type { Store } from "../../store/index.ts";
import type { ApiEnv } from "./context.ts";
import { ApiError, errorHandler, validationError } from "./errors.ts";
import { authenticate } from "./middleware/authenticate.ts";
import { brokerRoutes, type ListenerPorts } from "./routes/brokers.ts";
import { namespaceRoutes } from "./routes/namespaces.ts";

export interface ApiDependencies {
  store: Store;
  host: BrokerHost;
  ports: ListenerPorts;
  adminToken: string | undefined;
  log: Logger;
}

export function createApiApp(deps: ApiDependencies) {
  const app = new OpenAPIHono<ApiEnv>({
    defaultHook: (result) => {
      if (!result.success) throw validationError(result.error);
    },
  }).basePath("/v1");
  app.onError(errorHandler(deps.log));
  app.notFound((c) => {
    throw new ApiError("not_found", `no route for ${c.req.method} ${c.req.path}`);
  });

  app.doc31("/openapi.json", {
    openapi: "3.1.0",
    info: { title: "Sluice control plane", version: "1" },
    security: [{ bearer: [] }],
  });
  app.openAPIRegistry.registerComponent("securitySchemes", "bearer", { type: "http", scheme: "bearer" });

  const tenancy = tenancyService(deps.store, deps.host);
  const requireActor = authenticate(deps.store, deps.adminToken);
  app.use("*", (c, next) => (c.req.path === "/v1/openapi.json" ? next() : requireActor(c, next)));
  app.route("/", namespaceRoutes(tenancy));
  app.route("/", brokerRoutes(tenancy, deps.ports));
  return app;
}
