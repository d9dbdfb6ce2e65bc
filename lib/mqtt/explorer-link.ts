// The explorer's connection runs in a Web Worker (explorer-worker.ts): receiving and parsing
// thousands of MQTT messages a second costs the main thread most of its time, so the page would
// stall under a firehose. This is the protocol between the two sides:
//
//   page (ExplorerLink)                          worker (serveExplorer → ExplorerConnection)
//   start {sessionPath} ───────────────────────▶ asks the API for a session, connects
//   subscribe / unsubscribe / online / retry ──▶ on the live connection
//   publish {id, …} ───────────────────────────▶ ◀── published {id, error?}
//                        ◀── state {snapshot}    on every change of the connection
//                        ◀── messages [batch]    what arrived in the last 16 ms, payloads transferred
//   stop ──────────────────────────────────────▶ ends the connection
//
// The page side mirrors the connection's state for React (getSnapshot/onChange) and remembers
// the subscriptions, so a new worker (React's StrictMode mounts twice) gets them again.
import type { IClientPublishOptions, IPublishPacket } from "mqtt";
import { ApiRequestError, sendJson } from "../swr/fetcher.ts";
import type { ExplorerSession } from "./explorer-api.ts";
import { ExplorerConnection, SessionRefused, type ConnectionSnapshot, type SubscriptionSpec } from "./explorer-connection.ts";
import { fromPacket, type NewMessage } from "./explorer-message.ts";

type ToWorker =
  | { type: "start"; sessionPath: string }
  | { type: "stop" }
  | { type: "subscribe"; spec: SubscriptionSpec }
  | { type: "unsubscribe"; id: number }
  | { type: "online"; online: boolean }
  | { type: "retry" }
  | { type: "publish"; id: number; topic: string; payload: Uint8Array; options: IClientPublishOptions };

type FromWorker = { type: "state"; snapshot: ConnectionSnapshot } | { type: "messages"; messages: NewMessage[] } | { type: "published"; id: number; error?: string };

/** A worker, a worker's global scope, or a MessagePort (tests). */
export interface Port {
  postMessage(message: unknown, transfer?: Transferable[]): void;
  addEventListener(type: "message", listener: (event: MessageEvent) => void): void;
}

/** How long the worker collects messages before handing them over, and the most it hands at once. */
const BATCH_MS = 16;
const BATCH_MAX = 2000;

/** The worker's side: one ExplorerConnection, driven by the page's commands. */
export function serveExplorer(port: Port, getSession: (sessionPath: string) => Promise<ExplorerSession> = requestSession): void {
  let connection: ExplorerConnection | undefined;
  let batch: NewMessage[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;
  const post = (message: FromWorker, transfer: Transferable[] = []) => port.postMessage(message, transfer);

  const flush = () => {
    clearTimeout(timer);
    timer = undefined;
    const messages = batch;
    batch = [];
    // Payloads move to the page without a copy; each is a buffer of its own (explorer-message.ts).
    const transfer = new Set<ArrayBuffer>();
    for (const m of messages) if (m.payload.byteLength === m.payload.buffer.byteLength) transfer.add(m.payload.buffer as ArrayBuffer);
    post({ type: "messages", messages }, [...transfer]);
  };
  const onMessage = (packet: IPublishPacket) => {
    batch.push(fromPacket(packet, Date.now()));
    if (batch.length >= BATCH_MAX) flush();
    else timer ??= setTimeout(flush, BATCH_MS);
  };

  port.addEventListener("message", (event: MessageEvent<ToWorker>) => {
    const command = event.data;
    switch (command.type) {
      case "start":
        if (!connection) {
          connection = new ExplorerConnection({ getSession: () => getSession(command.sessionPath), onMessage });
          connection.onChange(() => post({ type: "state", snapshot: connection!.getSnapshot() }));
        }
        return connection.start();
      case "stop":
        return connection?.stop();
      case "subscribe":
        return void connection?.subscribe(command.spec);
      case "unsubscribe":
        return void connection?.unsubscribe(command.id);
      case "online":
        return connection?.setOnline(command.online);
      case "retry":
        return connection?.retry();
      case "publish":
        if (!connection) return post({ type: "published", id: command.id, error: "The explorer is not connected." });
        return void connection.publish(command.topic, command.payload, command.options).then(
          () => post({ type: "published", id: command.id }),
          (error: unknown) => post({ type: "published", id: command.id, error: error instanceof Error ? error.message : String(error) }),
        );
    }
  });
}

/** POST …/explorer/session through the console (the worker's fetch sends the page's cookies). */
export async function requestSession(sessionPath: string): Promise<ExplorerSession> {
  try {
    return await sendJson<ExplorerSession>("POST", sessionPath);
  } catch (error) {
    // Signed out, not allowed, no such broker: asking again will not help until something changes.
    if (error instanceof ApiRequestError && error.status === 401) throw new SessionRefused("Your session has ended: sign in again to use the explorer.");
    if (error instanceof ApiRequestError && (error.status === 403 || error.status === 404)) throw new SessionRefused(error.message);
    throw error;
  }
}

/** The page's side: the connection as the page uses it, whichever worker runs it. */
export class ExplorerLink {
  private snapshot: ConnectionSnapshot = { state: "connecting", stuck: false, subscriptions: new Map() };
  private readonly listeners = new Set<() => void>();
  private readonly subscriptions = new Map<number, SubscriptionSpec>();
  private readonly publishes = new Map<number, { resolve(): void; reject(error: Error): void }>();
  private nextPublish = 1;
  private online = true;
  private port: (Port & { terminate?(): void }) | undefined;

  constructor(
    /** POST …/brokers/:b/explorer/session, under the API. */
    private readonly sessionPath: string,
    /** Each batch of received messages, in arrival order. */
    private readonly onMessages: (messages: NewMessage[]) => void,
  ) {}

  getSnapshot = (): ConnectionSnapshot => this.snapshot;

  onChange = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** Runs the connection in `port`'s worker, with the subscriptions asked for so far. */
  attach(port: Port & { terminate?(): void }): void {
    this.port = port;
    port.addEventListener("message", (event: MessageEvent<FromWorker>) => {
      if (this.port === port) this.receive(event.data);
    });
    this.send({ type: "start", sessionPath: this.sessionPath });
    if (!this.online) this.send({ type: "online", online: false });
    for (const spec of this.subscriptions.values()) this.send({ type: "subscribe", spec });
  }

  /** Ends the connection and its worker. */
  detach(): void {
    this.send({ type: "stop" });
    this.port?.terminate?.();
    this.port = undefined;
    for (const { reject } of this.publishes.values()) reject(new Error("The explorer was closed."));
    this.publishes.clear();
    // What the next worker starts from.
    this.snapshot = { state: "connecting", stuck: false, subscriptions: new Map([...this.subscriptions.keys()].map((id) => [id, { state: "pending" }])) };
    for (const listener of this.listeners) listener();
  }

  subscribe(spec: SubscriptionSpec): void {
    this.subscriptions.set(spec.id, spec);
    this.send({ type: "subscribe", spec });
  }

  unsubscribe(id: number): void {
    this.subscriptions.delete(id);
    this.send({ type: "unsubscribe", id });
  }

  setOnline(online: boolean): void {
    this.online = online;
    this.send({ type: "online", online });
  }

  retry(): void {
    this.send({ type: "retry" });
  }

  /** Publishes over the connection; QoS 1 and 2 reject with the broker's refusal. */
  publish(topic: string, payload: Uint8Array, options: IClientPublishOptions): Promise<void> {
    const id = this.nextPublish++;
    return new Promise((resolve, reject) => {
      if (!this.port) return reject(new Error("The explorer is not connected."));
      this.publishes.set(id, { resolve, reject });
      this.send({ type: "publish", id, topic, payload, options });
    });
  }

  private receive(message: FromWorker): void {
    switch (message.type) {
      case "state":
        this.snapshot = message.snapshot;
        for (const listener of this.listeners) listener();
        return;
      case "messages":
        return this.onMessages(message.messages);
      case "published": {
        const waiting = this.publishes.get(message.id);
        this.publishes.delete(message.id);
        if (message.error === undefined) waiting?.resolve();
        else waiting?.reject(new Error(message.error));
      }
    }
  }

  private send(command: ToWorker): void {
    this.port?.postMessage(command);
  }
}
