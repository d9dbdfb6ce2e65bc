"use client";
// A broker's clients page: search and state filter from the URL, a page of clients refreshing
// every 2 s until paused, and links to the next page (the API pages by client ID).
import Link from "next/link";
import { useSearchParams } from "next/navigation";
import { useState } from "react";
import { buttonClass } from "@/components/ui/button.tsx";
import { PauseButton } from "@/components/ui/pause-button.tsx";
import { Empty, LoadError, Loading } from "@/components/ui/states.tsx";
import { useClients } from "@/lib/swr/use-clients.ts";
import { ClientFilters } from "./client-filters.tsx";
import { ClientTable } from "./client-table.tsx";
import { clientsHref, filterFromUrl } from "./client-url.ts";

export function ClientList({ namespace, name }: { namespace: string; name: string }) {
  const params = useSearchParams();
  const filter = filterFromUrl(params);
  const [paused, setPaused] = useState(false);
  const { data, error, isLoading, mutate } = useClients(namespace, name, filter, paused);
  const filtered = Boolean(filter.query || filter.state);
  return (
    <>
      <ClientFilters namespace={namespace} name={name} filter={filter} />
      <div className="mb-4 flex flex-wrap items-center justify-between gap-3">
        <p className="text-sm text-slate-600 dark:text-slate-400">
          {data && `${data.total.toLocaleString()} ${data.total === 1 ? "client" : "clients"}${filtered ? " match" : ""}. `}
          {paused ? "Paused: the list stays as it is until you resume." : "Refreshing every 2 seconds."}
        </p>
        <PauseButton paused={paused} onPause={setPaused} />
      </div>
      {/* A failed refresh keeps the last page on screen, with the reason above it. */}
      {error && <LoadError error={error} retry={() => mutate()} />}
      {isLoading ? (
        <Loading label="Loading clients…" />
      ) : !data ? null : !data.clients.length ? (
        <Empty title={filtered ? "No clients match" : filter.cursor ? "No more clients" : "No clients"}>
          {!filtered && !filter.cursor && "Devices show here once they connect. A persistent session stays, offline, until it expires."}
        </Empty>
      ) : (
        <ClientTable namespace={namespace} name={name} clients={data.clients} />
      )}
      <nav aria-label="Client pages" className="mt-4 flex gap-2">
        {filter.cursor && (
          <Link href={clientsHref(namespace, name, { ...filter, cursor: undefined })} className={buttonClass("secondary")}>
            First page
          </Link>
        )}
        {data?.nextCursor && (
          <Link href={clientsHref(namespace, name, { ...filter, cursor: data.nextCursor })} className={buttonClass("secondary")}>
            Next page
          </Link>
        )}
      </nav>
    </>
  );
}
