"use client";
// The audit log's filters: actor and target as the log names them, and a time range in the
// reader's local time. Applying one goes to its URL (audit-url.ts) and starts again at the newest entry.
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useId, useState, useSyncExternalStore, type FormEvent } from "react";
import { Button, buttonClass } from "@/components/ui/button.tsx";
import { TextField } from "@/components/ui/field.tsx";
import type { AuditFilter } from "@/lib/swr/use-audit.ts";
import { useUsers } from "@/lib/swr/use-users.ts";
import { auditHref, isFiltered } from "./audit-url.ts";
import { fromLocalInput, toLocalInput } from "./local-datetime.ts";

const noSubscription = () => () => {};

export function AuditFilters({ filter }: { filter: AuditFilter }) {
  const router = useRouter();
  const [rangeError, setRangeError] = useState<string>();
  const actors = useId();
  const { data: users } = useUsers();
  // The time fields show the reader's local time, which the server cannot know: the form is drawn
  // in the browser only, so it never shows the server's zone.
  const inBrowser = useSyncExternalStore(noSubscription, () => true, () => false);
  if (!inBrowser) return null;

  function apply(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const text = (name: string) => String(form.get(name) ?? "").trim() || undefined;
    const next: AuditFilter = { actor: text("actor"), target: text("target"), since: fromLocalInput(form.get("since")), until: fromLocalInput(form.get("until")) };
    if (next.since && next.until && next.since >= next.until) return setRangeError("Must be later than From.");
    setRangeError(undefined);
    router.push(auditHref(next));
  }

  return (
    <form onSubmit={apply} aria-label="Filter the audit log" className="mb-6 grid gap-4 sm:grid-cols-2 xl:grid-cols-4" noValidate>
      <TextField label="Actor" name="actor" defaultValue={filter.actor} list={actors} autoComplete="off" hint="A user's email, or token:<id>." />
      <datalist id={actors}>
        {users?.map((user) => (
          <option key={user.id} value={user.email} />
        ))}
      </datalist>
      <TextField label="Target" name="target" defaultValue={filter.target} autoComplete="off" hint="Exactly as the log names it, e.g. shop/pay." />
      <TextField label="From" name="since" type="datetime-local" defaultValue={toLocalInput(filter.since)} hint="Your local time." />
      <TextField label="To" name="until" type="datetime-local" defaultValue={toLocalInput(filter.until)} error={rangeError} hint="Entries before this time." />
      <div className="flex gap-2 sm:col-span-2 xl:col-span-4">
        <Button type="submit">Apply filters</Button>
        {isFiltered(filter) && (
          <Link href="/audit" className={buttonClass("secondary")}>
            Clear
          </Link>
        )}
      </div>
    </form>
  );
}
