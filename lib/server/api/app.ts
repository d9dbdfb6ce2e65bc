// The control-plane API under /v1 (Hono): authentication for every route, one error shape, and
// the OpenAPI document generated from the same zod schemas at /v1/openapi.json.
import { OpenAPIHono } from "@hono/zod-openapi";
import type { BrokerHost } from "../../broker/host.ts";
import { analyticsService } from "../../control/analytics.ts";
import { apiTokenService } from "../../control/api-tokens.ts";
import type { CredentialService } from "../../control/credentials.ts";
import { explorerService } from "../../control/explorer.ts";
import { hookService } from "../../control/hooks.ts";
import type { LiveHooks } from "../../control/live-hooks.ts";
import { messageService } from "../../control/messages.ts";
import { tenancyService } from "../../control/tenancy.ts";
import type { TrafficHistory } from "../../control/traffic-history.ts";
import type { UserService } from "../../control/users.ts";
import type { Logger } from "../../logger.ts";
import type { Store } from "../../store/index.ts";
import type { ApiEnv } from "./context.ts";
import type { ListenerPorts } from "./endpoints.ts";
import { ApiError, errorHandler, validationError } from "./errors.ts";
import { auditRefusals } from "./middleware/audit-refusals.ts";
import { authenticate } from "./middleware/authenticate.ts";
import { analyticsRoutes } from "./routes/analytics.ts";
import { auditRoutes } from "./routes/audit.ts";
import { authRoutes } from "./routes/auth.ts";
import { brokerRoutes } from "./routes/brokers.ts";
import { credentialRoutes } from "./routes/credentials.ts";
import { explorerRoutes } from "./routes/explorer.ts";
import { hookRoutes } from "./routes/hooks.ts";
import { messageRoutes } from "./routes/messages.ts";
import { namespaceRoutes } from "./routes/namespaces.ts";
import { tokenRoutes } from "./routes/tokens.ts";
import { trafficRoutes } from "./routes/traffic.ts";
import { userRoutes } from "./routes/users.ts";

export interface ApiDependencies {
  store: Store;
  host: BrokerHost;
  users: UserService;
  credentials: CredentialService;
  liveHooks: LiveHooks;
  traffic: TrafficHistory;
  ports: ListenerPorts;
  /** --public-ws-url: where browsers reach MQTT over WebSocket behind a proxy. */
  publicWsUrl: string | undefined;
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

  const tenancy = tenancyService(deps.store, deps.host, deps.credentials, deps.liveHooks);
  const endpoints = { ports: deps.ports, publicWsUrl: deps.publicWsUrl };
  const requireActor = authenticate(deps.store, deps.host, deps.adminToken);
  app.use("*", (c, next) => (c.req.path === "/v1/openapi.json" ? next() : requireActor(c, next)));
  app.use("*", auditRefusals(deps.store, deps.log));
  app.route("/", namespaceRoutes(tenancy));
  app.route("/", brokerRoutes(tenancy, endpoints));
  app.route("/", credentialRoutes(deps.credentials));
  app.route("/", messageRoutes(messageService(deps.host)));
  app.route("/", explorerRoutes(explorerService(deps.store, deps.host, deps.credentials), endpoints));
  app.route("/", hookRoutes(hookService(deps.store, deps.credentials.source.keySetFor, deps.liveHooks)));
  app.route("/", userRoutes(deps.users));
  app.route("/", authRoutes(deps.users));
  app.route("/", tokenRoutes(apiTokenService(deps.store)));
  app.route("/", auditRoutes(deps.store));
  app.route("/", analyticsRoutes(analyticsService(deps.store)));
  app.route("/", trafficRoutes(deps.traffic, deps.host));
  return app;
}
