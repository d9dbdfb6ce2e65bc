// What the explorer remembers per broker in the browser (localStorage): its subscriptions (filter,
// QoS, colour, alias) and the saved test-publish templates. Read back through zod, so a stale or
// hand-edited entry is ignored instead of breaking the page.
import { z } from "zod";

const qos = z.union([z.literal(0), z.literal(1), z.literal(2)]);

export const savedSubscription = z.object({
  id: z.number().int().min(1).max(268_435_455),
  filter: z.string().min(1),
  qos,
  color: z.string().regex(/^#[0-9a-f]{6}$/i),
  alias: z.string(),
});

export type SavedSubscription = z.infer<typeof savedSubscription>;

export const publishTemplate = z.object({
  name: z.string().min(1),
  topic: z.string(),
  payload: z.string(),
  format: z.enum(["text", "json", "hex"]),
  qos,
  retain: z.boolean(),
  contentType: z.string(),
  responseTopic: z.string(),
  correlationData: z.string(),
  userProperties: z.array(z.tuple([z.string(), z.string()])),
});

export type PublishTemplate = z.infer<typeof publishTemplate>;

/** The part of localStorage the explorer uses (a Map in tests). */
export type KeyValueStorage = Pick<Storage, "getItem" | "setItem">;

const key = (kind: "subscriptions" | "templates", broker: string) => `sluice.explorer.${kind}.${broker}`;

function load<T>(storage: KeyValueStorage, storageKey: string, schema: z.ZodType<T>): T[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(storage.getItem(storageKey) ?? "[]");
  } catch {
    return [];
  }
  if (!Array.isArray(parsed)) return [];
  return parsed.flatMap((item) => {
    const result = schema.safeParse(item);
    return result.success ? [result.data] : [];
  });
}

function save(storage: KeyValueStorage, storageKey: string, items: unknown[]): void {
  try {
    storage.setItem(storageKey, JSON.stringify(items));
  } catch {
    // Full or forbidden (private browsing): the explorer works on without remembering.
  }
}

/** `broker` is "namespace/name"; null when none were ever saved for it (a first visit). */
export function loadSubscriptions(storage: KeyValueStorage, broker: string): SavedSubscription[] | null {
  return storage.getItem(key("subscriptions", broker)) === null ? null : load(storage, key("subscriptions", broker), savedSubscription);
}

export const saveSubscriptions = (storage: KeyValueStorage, broker: string, subscriptions: SavedSubscription[]) => save(storage, key("subscriptions", broker), subscriptions);
export const loadTemplates = (storage: KeyValueStorage, broker: string) => load(storage, key("templates", broker), publishTemplate);

/** Saves `template`, replacing the one with its name; returns the list, by name. */
export function saveTemplate(storage: KeyValueStorage, broker: string, template: PublishTemplate): PublishTemplate[] {
  const templates = [...loadTemplates(storage, broker).filter((t) => t.name !== template.name), template].sort((a, b) => a.name.localeCompare(b.name));
  save(storage, key("templates", broker), templates);
  return templates;
}

export function removeTemplate(storage: KeyValueStorage, broker: string, name: string): PublishTemplate[] {
  const templates = loadTemplates(storage, broker).filter((t) => t.name !== name);
  save(storage, key("templates", broker), templates);
  return templates;
}

/** Colours a subscription may take: mid-tones that read on the light and the dark background. */
export const subscriptionColors = ["#0284c7", "#16a34a", "#d97706", "#dc2626", "#7c3aed", "#db2777", "#0d9488", "#65a30d"] as const;

/** The next free identifier and a colour not yet taken (or the least used). */
export function nextSubscription(existing: readonly SavedSubscription[]): { id: number; color: string } {
  const id = existing.reduce((max, s) => Math.max(max, s.id), 0) + 1;
  const uses = (color: string) => existing.filter((s) => s.color === color).length;
  const color = [...subscriptionColors].sort((a, b) => uses(a) - uses(b))[0]!;
  return { id, color };
}
