"use client";
// The clients page's search (client ID prefix, applied as you type) and state filter. Each change
// goes to its URL (client-url.ts) and starts again at the first page.
import { useRouter } from "next/navigation";
import { useRef, type FormEvent } from "react";
import { Options, SelectField, TextField } from "@/components/ui/field.tsx";
import type { ClientFilter } from "@/lib/swr/use-clients.ts";
import type { ClientState } from "@/lib/validations/clients.ts";
import { clientsHref } from "./client-url.ts";

const stateOptions = [
  { value: "", label: "Connected and offline" },
  { value: "connected", label: "Connected" },
  { value: "offline", label: "Offline (persistent sessions)" },
];

/** Typing pauses this long before the search runs. */
const TYPING_MS = 300;

export function ClientFilters({ namespace, name, filter }: { namespace: string; name: string; filter: ClientFilter }) {
  const router = useRouter();
  const form = useRef<HTMLFormElement>(null);
  const typing = useRef<ReturnType<typeof setTimeout>>(undefined);

  function apply() {
    clearTimeout(typing.current);
    const fields = new FormData(form.current!);
    const next: ClientFilter = { query: String(fields.get("query") ?? "") || undefined, state: (String(fields.get("state") ?? "") || undefined) as ClientState | undefined };
    router.replace(clientsHref(namespace, name, next));
  }

  return (
    <form
      ref={form}
      role="search"
      aria-label="Find clients"
      className="mb-4 grid gap-4 sm:grid-cols-[minmax(0,20rem)_minmax(0,16rem)]"
      onSubmit={(event: FormEvent) => {
        event.preventDefault();
        apply();
      }}
      onChange={(event) => {
        // The state applies at once; typing waits for a pause.
        if ((event.target as EventTarget as Element).getAttribute("name") !== "query") return apply();
        clearTimeout(typing.current);
        typing.current = setTimeout(apply, TYPING_MS);
      }}
    >
      <TextField label="Client ID starts with" name="query" type="search" defaultValue={filter.query} autoComplete="off" spellCheck={false} />
      <SelectField label="State" name="state" defaultValue={filter.state ?? ""}>
        <Options options={stateOptions} />
      </SelectField>
    </form>
  );
}
