"use client";
// Test publish over the explorer's own connection: topic, payload as text, JSON or hex, QoS,
// retain and the MQTT 5 properties; Ctrl/Cmd+Enter sends. Templates are kept per broker in the
// browser. Traced, the publish carries the user property `sluice-tap` and the broker records
// what its hook made of it: shown as published beside as delivered (TapResult).
import { memo, useState, type FormEvent, type KeyboardEvent } from "react";
import { Alert } from "@/components/ui/alert.tsx";
import { Button } from "@/components/ui/button.tsx";
import { Options, SelectField, TextAreaField, TextField } from "@/components/ui/field.tsx";
import { topicNameError } from "@/lib/broker/protocol/topic.ts";
import type { ExplorerLink } from "@/lib/mqtt/explorer-link.ts";
import { userPropertyObject, type QoS } from "@/lib/mqtt/explorer-message.ts";
import { loadTemplates, removeTemplate, saveTemplate, type PublishTemplate } from "@/lib/mqtt/explorer-storage.ts";
import { encodePayload, toUtf8, type PayloadFormat } from "@/lib/mqtt/payload.ts";
import { ApiRequestError, fetchJson } from "@/lib/swr/fetcher.ts";
import { brokerKey } from "@/lib/swr/use-broker.ts";
import type { TapRecord } from "@/lib/mqtt/explorer-api.ts";
import { qosOptions } from "./subscriptions-panel.tsx";
import { TapResult } from "./tap-result.tsx";

/** The user property that asks the broker to record the publish (lib/broker/hook-tap.ts). */
const TAP_PROPERTY = "sluice-tap";
/** How long one request waits for the hook's decision (the API allows at most 10 s). */
const TAP_WAIT_SECONDS = 10;

type Draft = Omit<PublishTemplate, "name">;

const emptyDraft: Draft = { topic: "", payload: "", format: "text", qos: 1, retain: false, contentType: "", responseTopic: "", correlationData: "", userProperties: [] };
const formatOptions = [
  { value: "text", label: "Text" },
  { value: "json", label: "JSON" },
  { value: "hex", label: "Hex bytes" },
];

interface PublishPanelProps {
  namespace: string;
  name: string;
  connection: ExplorerLink;
  connected: boolean;
  /** The topic picked in the tree: the topic field starts with it. */
  defaultTopic: string | null;
}

/** Memoized: nothing in it changes with the messages arriving. */
export const PublishPanel = memo(function PublishPanel({ namespace, name, connection, connected, defaultTopic }: PublishPanelProps) {
  const broker = `${namespace}/${name}`;
  const [draft, setDraft] = useState<Draft>(() => ({ ...emptyDraft, topic: defaultTopic ?? "" }));
  const [trace, setTrace] = useState(true);
  const [errors, setErrors] = useState<{ topic?: string; payload?: string }>({});
  const [problem, setProblem] = useState<string>();
  const [sent, setSent] = useState<string>();
  const [pending, setPending] = useState(false);
  const [tap, setTap] = useState<{ id: string; record?: TapRecord; problem?: string; waiting: boolean }>();
  const [templates, setTemplates] = useState(() => loadTemplates(localStorage, broker));
  const [templateName, setTemplateName] = useState("");

  const change = (part: Partial<Draft>) => setDraft((d) => ({ ...d, ...part }));

  async function publish(event?: FormEvent) {
    event?.preventDefault();
    if (pending) return;
    const topicProblem = topicNameError(draft.topic, { maxTopicLength: 65_535, maxTopicLevels: 128 });
    const payload = encodePayload(draft.payload, draft.format);
    setErrors({ topic: topicProblem ?? undefined, payload: payload.ok ? undefined : payload.message });
    if (topicProblem || !payload.ok) return;
    setProblem(undefined);
    setSent(undefined);
    const tapId = trace ? randomId() : undefined;
    const userProperties: Array<[string, string]> = [...draft.userProperties.filter(([key]) => key), ...(tapId ? [[TAP_PROPERTY, tapId] as [string, string]] : [])];
    setPending(true);
    try {
      await connection.publish(draft.topic, payload.bytes, {
        qos: draft.qos,
        retain: draft.retain,
        properties: {
          ...(draft.contentType && { contentType: draft.contentType }),
          ...(draft.responseTopic && { responseTopic: draft.responseTopic }),
          ...(draft.correlationData && { correlationData: toUtf8(draft.correlationData) as Buffer }),
          ...(userProperties.length && { userProperties: userPropertyObject(userProperties) }),
        },
      });
      setSent(`Published ${payload.bytes.length.toLocaleString()} bytes to ${draft.topic} at QoS ${draft.qos}${draft.retain ? ", retained" : ""}.`);
      if (tapId) void followTap(tapId);
      else setTap(undefined);
    } catch (error) {
      setProblem(error instanceof Error ? error.message : String(error));
    } finally {
      setPending(false);
    }
  }

  /** Asks for the tap record until the hook has decided (each request waits up to 10 s). */
  async function followTap(id: string, attempts = 3) {
    setTap({ id, waiting: true });
    for (let attempt = 0; attempt < attempts; attempt++) {
      try {
        const record = await fetchJson<TapRecord>(`${brokerKey(namespace, name)}/hook/taps/${encodeURIComponent(id)}?wait=${TAP_WAIT_SECONDS}`);
        const done = record.complete || attempt === attempts - 1;
        setTap((t) => (t?.id === id ? { id, record, waiting: !done } : t));
        if (done) return;
      } catch (error) {
        // Not recorded yet (404) is worth one more wait; anything else is the answer.
        if (error instanceof ApiRequestError && error.status === 404 && attempt < attempts - 1) continue;
        setTap((t) => (t?.id === id ? { id, waiting: false, problem: error instanceof Error ? error.message : String(error) } : t));
        return;
      }
    }
  }

  function onKeyDown(event: KeyboardEvent<HTMLFormElement>) {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      void publish();
    }
  }

  function loadTemplate(templateNameToLoad: string) {
    const template = templates.find((t) => t.name === templateNameToLoad);
    if (!template) return;
    const { name: loaded, ...rest } = template;
    setDraft(rest);
    setTemplateName(loaded);
  }

  return (
    <section aria-labelledby="explorer-publish" className="space-y-4">
      <div className="space-y-1">
        <h2 id="explorer-publish" className="text-lg font-semibold">
          Test publish
        </h2>
        <p className="text-sm text-slate-600 dark:text-slate-400">Publishes over the explorer&apos;s connection, as a device would, through the broker&apos;s hook. Ctrl+Enter (⌘+Enter) sends.</p>
      </div>
      <div className="flex flex-wrap items-end gap-3 rounded-md border border-slate-200 p-3 dark:border-slate-800">
        <SelectField label="Template" value="" onChange={(e) => loadTemplate(e.target.value)} className="w-48" disabled={!templates.length}>
          <option value="">{templates.length ? "Load a template…" : "No templates yet"}</option>
          <Options options={templates.map((t) => ({ value: t.name, label: t.name }))} />
        </SelectField>
        <TextField label="Template name" value={templateName} onChange={(e) => setTemplateName(e.target.value)} className="w-48" autoComplete="off" />
        <Button variant="secondary" disabled={!templateName.trim()} onClick={() => setTemplates(saveTemplate(localStorage, broker, { ...draft, name: templateName.trim() }))}>
          Save template
        </Button>
        {templates.some((t) => t.name === templateName.trim()) && (
          <Button variant="secondary" onClick={() => setTemplates(removeTemplate(localStorage, broker, templateName.trim()))}>
            Delete template
          </Button>
        )}
      </div>
      <form onSubmit={publish} onKeyDown={onKeyDown} aria-label="Test publish" className="space-y-4">
        <div className="grid gap-4 md:grid-cols-[minmax(0,1fr)_auto_auto]">
          <TextField label="Topic" value={draft.topic} onChange={(e) => change({ topic: e.target.value })} error={errors.topic} required autoComplete="off" spellCheck={false} />
          <SelectField label="QoS" value={String(draft.qos)} onChange={(e) => change({ qos: Number(e.target.value) as QoS })} className="w-24">
            <Options options={qosOptions} />
          </SelectField>
          <label className="flex items-center gap-2 self-end pb-2 text-sm">
            <input type="checkbox" checked={draft.retain} onChange={(e) => change({ retain: e.target.checked })} />
            Retain
          </label>
        </div>
        <div className="grid gap-4 md:grid-cols-[minmax(0,1fr)_10rem]">
          <TextAreaField label="Payload" rows={5} value={draft.payload} onChange={(e) => change({ payload: e.target.value })} error={errors.payload} spellCheck={false} hint={draft.format === "hex" ? "Pairs of hex digits; spaces, commas and 0x are ignored." : undefined} />
          <SelectField label="Payload format" value={draft.format} onChange={(e) => change({ format: e.target.value as PayloadFormat })}>
            <Options options={formatOptions} />
          </SelectField>
        </div>
        <details className="rounded-md border border-slate-200 p-3 dark:border-slate-800" open={Boolean(draft.contentType || draft.responseTopic || draft.correlationData || draft.userProperties.length)}>
          <summary className="cursor-pointer text-sm font-medium">MQTT 5 properties</summary>
          <div className="mt-3 grid gap-4 md:grid-cols-3">
            <TextField label="Content type" value={draft.contentType} onChange={(e) => change({ contentType: e.target.value })} placeholder="application/json" autoComplete="off" />
            <TextField label="Response topic" value={draft.responseTopic} onChange={(e) => change({ responseTopic: e.target.value })} autoComplete="off" />
            <TextField label="Correlation data" value={draft.correlationData} onChange={(e) => change({ correlationData: e.target.value })} hint="Sent as UTF-8 bytes." autoComplete="off" />
          </div>
          <UserPropertiesEditor pairs={draft.userProperties} onChange={(userProperties) => change({ userProperties })} />
        </details>
        <label className="flex items-center gap-2 text-sm">
          <input type="checkbox" checked={trace} onChange={(e) => setTrace(e.target.checked)} />
          Show what the hook does with it (as published ↔ as delivered)
        </label>
        {problem && <Alert tone="error">{problem}</Alert>}
        {sent && <p role="status" className="text-sm text-emerald-800 dark:text-emerald-300">{sent}</p>}
        <Button type="submit" disabled={pending || !connected}>
          {pending ? "Publishing…" : "Publish"}
        </Button>
        {!connected && <span className="ml-3 text-sm text-slate-600 dark:text-slate-400">Waiting for the connection…</span>}
      </form>
      {tap && <TapResult {...tap} onCheckAgain={() => void followTap(tap.id, 1)} />}
    </section>
  );
});

function UserPropertiesEditor({ pairs, onChange }: { pairs: Array<[string, string]>; onChange(pairs: Array<[string, string]>): void }) {
  const set = (i: number, pair: [string, string]) => onChange(pairs.map((p, j) => (j === i ? pair : p)));
  return (
    <fieldset className="mt-4 space-y-2">
      <legend className="text-sm font-medium">User properties</legend>
      {pairs.map(([key, value], i) => (
        <div key={i} className="flex flex-wrap items-end gap-2">
          <TextField label={`Key ${i + 1}`} value={key} onChange={(e) => set(i, [e.target.value, value])} className="w-48" autoComplete="off" />
          <TextField label={`Value ${i + 1}`} value={value} onChange={(e) => set(i, [key, e.target.value])} className="min-w-48 flex-1" autoComplete="off" />
          <Button variant="secondary" onClick={() => onChange(pairs.filter((_, j) => j !== i))} aria-label={`Remove user property ${i + 1}`}>
            Remove
          </Button>
        </div>
      ))}
      <Button variant="secondary" onClick={() => onChange([...pairs, ["", ""]])}>
        Add user property
      </Button>
    </fieldset>
  );
}

/** 128 random bits in hex: getRandomValues works on plain HTTP too, unlike randomUUID. */
function randomId(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, "0")).join("");
}
