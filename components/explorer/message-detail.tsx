"use client";
// One message in full: its payload as text, a JSON tree, a hex dump with offsets and ASCII, or
// base64, with its size always shown and any cut said out loud; its MQTT 5 properties; and what
// changed since the previous message on its topic. Copy takes the whole payload in the view shown.
// Those who may publish can delete the topic's retained message from here.
import { memo, useMemo, useState } from "react";
import { Alert } from "@/components/ui/alert.tsx";
import { Button } from "@/components/ui/button.tsx";
import { CodeDiff } from "@/components/ui/code-diff.tsx";
import { CopyButton } from "@/components/ui/copy-button.tsx";
import { DeleteButton } from "@/components/ui/delete-button.tsx";
import { Tabs } from "@/components/ui/tabs.tsx";
import { bytes } from "@/components/ui/units.ts";
import type { ExplorerMessage } from "@/lib/mqtt/explorer-message.ts";
import type { SavedSubscription } from "@/lib/mqtt/explorer-storage.ts";
import type { MessageStore } from "@/lib/mqtt/message-store.ts";
import { decodePayload, formatPayload, hexDump, lenientText, toBase64, type PayloadView } from "@/lib/mqtt/payload.ts";
import { sendJson } from "@/lib/swr/fetcher.ts";
import { brokerKey } from "@/lib/swr/use-broker.ts";
import { JsonTree } from "./json-tree.tsx";
import { messageSubscriptions, subscriptionName } from "./subscription-dots.tsx";

/** Bytes drawn at once in the text, hex and base64 views; "Show all" draws the rest. */
const DRAWN_BYTES = 64 * 1024;

type Tab = "payload" | "properties" | "diff";

interface MessageDetailProps {
  message: ExplorerMessage | null;
  store: MessageStore;
  namespace: string;
  name: string;
  canDeleteRetained: boolean;
  subscriptions: readonly SavedSubscription[];
}

/** Memoized: the page re-renders every frame while messages arrive, and this one need not. */
export const MessageDetail = memo(function MessageDetail({ message, store, namespace, name, canDeleteRetained, subscriptions }: MessageDetailProps) {
  const [tab, setTab] = useState<Tab>("payload");
  // Memoized, this does not re-render when the store notes the deletion: it remembers it itself.
  const [retainedDeleted, setRetainedDeleted] = useState(false);
  if (!message) {
    return (
      <section aria-labelledby="explorer-message" className="space-y-2">
        <h2 id="explorer-message" className="text-lg font-semibold">
          Message
        </h2>
        <p className="text-sm text-slate-600 dark:text-slate-400">Pick a message in the list, or a topic in the tree, to read it here.</p>
      </section>
    );
  }
  const node = store.tree.find(message.topic);
  const via = messageSubscriptions(message, subscriptions);
  return (
    <section aria-labelledby="explorer-message" className="space-y-3">
      <div className="flex flex-wrap items-center gap-3">
        <h2 id="explorer-message" className="text-lg font-semibold">
          Message
        </h2>
        <code className="break-all text-sm font-semibold">{message.topic}</code>
        <CopyButton value={message.topic} label="Copy topic" />
        {retainedDeleted && <p role="status" className="text-sm text-emerald-800 dark:text-emerald-300">The retained message is deleted.</p>}
        {canDeleteRetained && node?.retained && !retainedDeleted && (
          <DeleteButton
            label="Delete retained message"
            title={`Delete the retained message on ${message.topic}?`}
            onDelete={async () => {
              await sendJson("DELETE", `${brokerKey(namespace, name)}/retained?topic=${encodeURIComponent(message.topic)}`);
              store.retainedCleared(message.topic);
              setRetainedDeleted(true);
            }}
          >
            <p>New subscribers to this topic will no longer get it. Messages already delivered are not affected.</p>
          </DeleteButton>
        )}
      </div>
      <dl className="flex flex-wrap gap-x-6 gap-y-1 text-sm">
        <Fact term="Received">{new Date(message.receivedAt).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "medium" })}</Fact>
        <Fact term="Size">{`${bytes(message.size)} (${message.size.toLocaleString()} bytes)`}</Fact>
        <Fact term="QoS">{String(message.qos)}</Fact>
        <Fact term="Retained">{message.retain ? "yes" : "no"}</Fact>
        {via.length > 0 && <Fact term="Via">{via.map(subscriptionName).join(", ")}</Fact>}
        {message.source === "history" && <Fact term="From">{`the broker's recent messages${message.clientId ? `, published by ${message.clientId}` : ""}`}</Fact>}
      </dl>
      {message.truncated && (
        <Alert tone="warning">
          {`Only the first ${bytes(message.payload.length)} of this ${bytes(message.size)} payload are here: ${
            message.truncatedBy === "server" ? "the broker keeps only the start of payloads in its history and topic index." : "it has left the explorer's buffer, which keeps the start of each topic's last value."
          } Everything shown, copied and exported from it is that start.`}
        </Alert>
      )}
      <Tabs<Tab>
        label="Message detail"
        value={tab}
        onChange={setTab}
        tabs={[
          { value: "payload", label: "Payload" },
          { value: "properties", label: "Properties" },
          { value: "diff", label: "Diff with previous" },
        ]}
      >
        {tab === "payload" && <PayloadPanel message={message} />}
        {tab === "properties" && <PropertiesPanel message={message} subscriptions={subscriptions} />}
        {tab === "diff" && <DiffPanel message={message} previous={store.previousOnTopic(message)} />}
      </Tabs>
    </section>
  );
});

function Fact({ term, children }: { term: string; children: React.ReactNode }) {
  return (
    <div className="flex gap-1.5">
      <dt className="text-slate-600 dark:text-slate-400">{term}</dt>
      <dd className="font-medium">{children}</dd>
    </div>
  );
}

const viewLabels: Record<PayloadView, string> = { text: "Text", json: "JSON", hex: "Hex", base64: "Base64" };

function PayloadPanel({ message }: { message: ExplorerMessage }) {
  const decoded = useMemo(() => decodePayload(message.payload), [message]);
  const views: PayloadView[] = decoded.kind === "json" ? ["json", "text", "hex", "base64"] : decoded.kind === "text" ? ["text", "hex", "base64"] : ["hex", "base64", "text"];
  const [view, setView] = useState<PayloadView>(views[0]!);
  const [all, setAll] = useState(false);
  const cut = !all && view !== "json" && message.payload.length > DRAWN_BYTES;
  const drawn = cut ? message.payload.subarray(0, DRAWN_BYTES) : message.payload;
  const copied = useMemo(() => formatPayload(message.payload, view), [message, view]);
  return (
    <div className="space-y-2">
      <div className="flex flex-wrap items-center gap-2">
        <div role="group" aria-label="Show the payload as" className="inline-flex overflow-hidden rounded-md border border-slate-300 dark:border-slate-600">
          {views.map((v) => (
            <button key={v} type="button" aria-pressed={v === view} onClick={() => setView(v)} className="px-3 py-1 text-sm aria-pressed:bg-sky-700 aria-pressed:text-white dark:aria-pressed:bg-sky-600">
              {viewLabels[v]}
            </button>
          ))}
        </div>
        <span className="text-xs text-slate-600 dark:text-slate-400">{decoded.kind === "binary" ? "Binary: not UTF-8 text." : decoded.kind === "json" ? "JSON" : message.payload.length ? "UTF-8 text" : "Empty payload"}</span>
        <span className="ml-auto">
          <CopyButton value={copied} label={`Copy as ${viewLabels[view]}`} />
        </span>
      </div>
      {cut && (
        <p className="flex flex-wrap items-center gap-2 text-sm text-amber-800 dark:text-amber-300">
          {`Showing the first ${bytes(DRAWN_BYTES)} of ${bytes(message.payload.length)}; Copy and export take all of it.`}
          <Button variant="secondary" className="!px-2 !py-1 text-xs" onClick={() => setAll(true)}>
            Show all
          </Button>
        </p>
      )}
      {view === "json" ? (
        <JsonTree value={decoded.json} label="Payload as JSON" />
      ) : (
        <pre aria-label={`Payload as ${viewLabels[view]}`} tabIndex={0} className="max-h-96 overflow-auto whitespace-pre-wrap break-all rounded-md border border-slate-200 p-3 font-mono text-xs dark:border-slate-800">
          {view === "hex" ? hexDump(drawn) : view === "base64" ? toBase64(drawn) : lenientText(drawn)}
        </pre>
      )}
    </div>
  );
}

function PropertiesPanel({ message, subscriptions }: { message: ExplorerMessage; subscriptions: readonly SavedSubscription[] }) {
  const p = message.properties;
  const correlation = p.correlationData && decodePayload(p.correlationData);
  const rows: Array<[string, React.ReactNode]> = [];
  if (p.contentType !== undefined) rows.push(["Content type", p.contentType]);
  if (p.payloadFormatIndicator !== undefined) rows.push(["Payload format", p.payloadFormatIndicator ? "1: UTF-8 text" : "0: bytes"]);
  if (p.responseTopic !== undefined) rows.push(["Response topic", <code key="rt">{p.responseTopic}</code>]);
  if (p.correlationData) rows.push(["Correlation data", <code key="cd">{correlation?.text ?? `hex ${Array.from(p.correlationData, (b) => b.toString(16).padStart(2, "0")).join(" ")}`}</code>]);
  if (p.messageExpiryInterval !== undefined) rows.push(["Message expiry", `${p.messageExpiryInterval.toLocaleString()} s left when delivered`]);
  if (p.subscriptionIdentifiers?.length)
    rows.push(["Subscription identifiers", p.subscriptionIdentifiers.map((id) => `${id}${subscriptions.find((s) => s.id === id) ? ` (${subscriptionName(subscriptions.find((s) => s.id === id)!)})` : ""}`).join(", ")]);
  return (
    <div className="space-y-3 text-sm">
      {rows.length === 0 && !p.userProperties?.length ? (
        <p className="text-slate-600 dark:text-slate-400">This message carries no MQTT 5 properties.</p>
      ) : (
        <dl aria-label="MQTT 5 properties" className="grid grid-cols-1 gap-x-6 gap-y-1 sm:grid-cols-[max-content_1fr]">
          {rows.map(([term, value]) => (
            <div key={term} className="contents">
              <dt className="text-slate-600 dark:text-slate-400">{term}</dt>
              <dd className="break-all">{value}</dd>
            </div>
          ))}
        </dl>
      )}
      {p.userProperties?.length ? (
        <table aria-label="User properties" className="text-left text-sm">
          <thead className="text-slate-600 dark:text-slate-400">
            <tr>
              <th scope="col" className="pr-6 font-medium">
                User property
              </th>
              <th scope="col" className="font-medium">
                Value
              </th>
            </tr>
          </thead>
          <tbody className="font-mono text-xs">
            {p.userProperties.map(([key, value], i) => (
              <tr key={i}>
                <td className="break-all pr-6">{key}</td>
                <td className="break-all">{value}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </div>
  );
}

/** Each side of the diff in its most readable form: pretty JSON, text, or a hex dump. */
function diffSide(message: ExplorerMessage): { text: string; json: boolean } {
  const kind = decodePayload(message.payload).kind;
  return { text: formatPayload(message.payload.subarray(0, DRAWN_BYTES), kind === "json" ? "json" : kind === "text" ? "text" : "hex"), json: kind === "json" };
}

function DiffPanel({ message, previous }: { message: ExplorerMessage; previous: ExplorerMessage | undefined }) {
  if (!previous) return <p className="text-sm text-slate-600 dark:text-slate-400">No earlier message on this topic is in the buffer to compare with.</p>;
  const before = diffSide(previous);
  const after = diffSide(message);
  const time = (m: ExplorerMessage) => new Date(m.receivedAt).toLocaleTimeString();
  return (
    <div className="space-y-2">
      {before.text === after.text ? <p className="text-sm text-slate-600 dark:text-slate-400">{`Same payload as the previous message (${time(previous)}).`}</p> : null}
      {Math.max(message.payload.length, previous.payload.length) > DRAWN_BYTES && <p className="text-sm text-amber-800 dark:text-amber-300">{`Only the first ${bytes(DRAWN_BYTES)} of each payload are compared.`}</p>}
      <CodeDiff left={{ label: `Previous message, ${time(previous)}`, text: before.text }} right={{ label: `This message, ${time(message)}`, text: after.text }} language={before.json && after.json ? "javascript" : "plain"} />
    </div>
  );
}
