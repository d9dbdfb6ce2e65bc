// Starts the Sluice server: listeners (MQTT, MQTTS, HTTP + WebSocket, HTTPS + WSS) → store →
// broker instances → restored state → accepting CONNECTs → write-behind flusher and $SYS topics.
// stop() drains in the reverse order so retained messages and persistent sessions survive a
// graceful restart.
import { readFileSync } from "node:fs";
import http from "node:http";
import https from "node:https";
import type { Server } from "node:net";
import { AnonymousAuthenticator } from "../broker/auth.ts";
import { BrokerHost } from "../broker/host.ts";
import { resolveLimits } from "../broker/limits.ts";
import { Persistence } from "../broker/persistence.ts";
import { startSysTopics } from "../broker/sys-topics.ts";
import { createTcpServer } from "../broker/transport/tcp.ts";
import { createTlsServer } from "../broker/transport/tls.ts";
import { attachWebSocket } from "../broker/transport/websocket.ts";
import type { Config } from "../config.ts";
import type { Logger } from "../logger.ts";
import { openStore, type Store } from "../store/index.ts";
import { CredentialAuthenticator } from "../auth/credential-authenticator.ts";
import { AnalyticsWriter } from "../control/analytics.ts";
import { credentialService, type CredentialService } from "../control/credentials.ts";
import { LiveHooks } from "../control/live-hooks.ts";
import { TrafficHistory } from "../control/traffic-history.ts";
import { HookMetrics } from "../hook-runtime/metrics.ts";
import { userService } from "../control/users.ts";
import { createApiApp } from "./api/app.ts";
import { createHttpHandler } from "./http.ts";
import { listen } from "./listen.ts";
import { createMetricsRegistry } from "./metrics.ts";

export interface RunningServer {
  host: BrokerHost;
  store: Store;
  /** Bound ports (useful when configured as 0). */
  ports: { mqtt: number; http: number; mqtts?: number; https?: number };
  /** Writes broker state and credential uses to the store now (tests, admin). */
  flush(): Promise<void>;
  stop(): Promise<void>;
}

export async function startServer(config: Config, log: Logger): Promise<RunningServer> {
  // Ports first, so a taken port fails at once; CONNECTs get 0x88 until state is restored.
  const host = new BrokerHost({ authenticator: new AnonymousAuthenticator(false), log });
  host.accepting = false;
  let ready = false;
  let api: ReturnType<typeof createApiApp> | undefined;
  const hookMetrics = new HookMetrics();
  const traffic = new TrafficHistory(host, hookMetrics);
  const httpHandler = createHttpHandler({ metrics: createMetricsRegistry(host, hookMetrics), isReady: () => ready, api: () => api?.fetch });
  const servers: Server[] = [];
  const closeAll = () => Promise.all(servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
  const ports: RunningServer["ports"] = { mqtt: 0, http: 0 };
  let store: Store | undefined;
  let persistence: Persistence;
  let credentials: CredentialService;
  let analytics: AnalyticsWriter;
  let liveHooks: LiveHooks;
  try {
    await bindListeners(config, host, httpHandler, servers, ports);
    store = await openStore({ dataDir: config.dataDir, databaseUrl: config.databaseUrl });
    log.info({ store: store.kind }, "store opened");
    persistence = await restoreBrokers(store, host, log);
    const users = userService(store);
    await users.ensureFirstAdmin(config, log);
    credentials = credentialService(store, host);
    await credentials.load();
    // Device credentials, with anonymous clients let in only under --allow-anonymous.
    host.authenticator = new CredentialAuthenticator(credentials.source, config.allowAnonymous ? new AnonymousAuthenticator(true) : undefined);
    // Hooks go live before clients get in: no publish slips past a broker's hook at start.
    analytics = new AnalyticsWriter(store, log);
    analytics.start();
    liveHooks = new LiveHooks({ host, store, keySetFor: credentials.source.keySetFor, analytics, metrics: hookMetrics, dataDir: config.dataDir, log });
    await liveHooks.start();
    api = createApiApp({ store, host, users, credentials, liveHooks, traffic, ports, publicWsUrl: config.publicWsUrl, adminToken: config.adminToken, log });
  } catch (error) {
    host.closeAll();
    await closeAll();
    await store?.close();
    throw error;
  }
  host.accepting = true;

  const flushTimer = setInterval(() => {
    void persistence.flush();
    credentials.flushUses().catch((error) => log.error({ err: error }, "recording credential uses failed"));
  }, config.flushIntervalMs);
  flushTimer.unref();
  const stopSys = startSysTopics(host, config.sysIntervalSeconds);
  traffic.start();
  ready = true;
  log.info({ ports, allowAnonymous: config.allowAnonymous }, "sluice server listening");

  let stopping: Promise<void> | undefined;
  return {
    host,
    store: store!,
    ports,
    flush: async () => {
      await persistence.flush();
      await credentials.flushUses();
    },
    stop() {
      stopping ??= (async () => {
        ready = false;
        clearInterval(flushTimer);
        stopSys();
        traffic.stop();
        // Stop accepting, close clients (sessions go offline and are marked), write, close the store.
        const closed = closeAll();
        host.closeAll();
        await liveHooks.stop();
        await analytics.stop();
        await persistence.flush();
        await credentials.flushUses();
        await closed;
        await store!.close();
        log.info("sluice server stopped");
      })();
      return stopping;
    },
  };
}

/** Binds MQTT, HTTP (+ WebSocket) and, with a certificate, MQTTS and HTTPS (+ WSS). */
async function bindListeners(config: Config, host: BrokerHost, httpHandler: http.RequestListener, servers: Server[], ports: RunningServer["ports"]): Promise<void> {
  const tcp = createTcpServer(host);
  servers.push(tcp);
  ports.mqtt = await listen(tcp, config.mqttPort, config.host, "mqttPort");
  const web = http.createServer(httpHandler);
  attachWebSocket(web, host, false);
  servers.push(web);
  ports.http = await listen(web, config.httpPort, config.host, "httpPort");
  if (config.tlsCert && config.tlsKey) {
    const credentials = { cert: readFileSync(config.tlsCert), key: readFileSync(config.tlsKey) };
    const mqtts = createTlsServer(host, credentials);
    servers.push(mqtts);
    ports.mqtts = await listen(mqtts, config.mqttsPort, config.host, "mqttsPort");
    const secureWeb = https.createServer(credentials, httpHandler);
    attachWebSocket(secureWeb, host, true);
    servers.push(secureWeb);
    ports.https = await listen(secureWeb, config.httpsPort, config.host, "httpsPort");
  }
}

/** Starts every stored broker (creating default/default on first start) with its retained messages and sessions. */
async function restoreBrokers(store: Store, host: BrokerHost, log: Logger): Promise<Persistence> {
  await store.brokers.ensure("default", "default");
  const byId = new Map<string, ReturnType<BrokerHost["addBroker"]>>();
  for (const record of await store.brokers.list()) {
    byId.set(record.id, host.addBroker({ id: record.id, namespace: record.namespace, name: record.name }, resolveLimits(record.limits)));
  }
  const persistence = new Persistence(store, () => host.allBrokers, log);
  log.info(await persistence.restore((id) => byId.get(id)), "broker state restored");
  return persistence;
}
