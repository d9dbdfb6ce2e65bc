"use client";
// Sections that belong to one broker (credentials, hook, …) open on this list: every broker of
// every namespace, each leading to that section of its own page.
import { Empty, LoadError, Loading } from "@/components/ui/states.tsx";
import { RowLink } from "@/components/ui/table.tsx";
import { useBrokers } from "@/lib/swr/use-brokers.ts";
import { useNamespaces } from "@/lib/swr/use-namespaces.ts";

/** `section` is the path under the broker's page, e.g. "credentials" or "hook". */
export function BrokerPicker({ section }: { section: string }) {
  const { data: namespaces, error, isLoading, mutate } = useNamespaces();
  if (isLoading) return <Loading label="Loading brokers…" />;
  if (error) return <LoadError error={error} retry={() => mutate()} />;
  if (!namespaces?.length) return <Empty title="No brokers yet">An admin creates namespaces and brokers.</Empty>;
  return (
    <div className="space-y-6">
      {namespaces.map((ns) => (
        <NamespaceBrokers key={ns.name} namespace={ns.name} section={section} />
      ))}
    </div>
  );
}

function NamespaceBrokers({ namespace, section }: { namespace: string; section: string }) {
  const { data: brokers, error, isLoading, mutate } = useBrokers(namespace);
  return (
    <section aria-label={`Namespace ${namespace}`}>
      <h2 className="mb-2 text-sm font-semibold text-slate-700 dark:text-slate-300">{namespace}</h2>
      {isLoading && <Loading label="Loading brokers…" />}
      {error && <LoadError error={error} retry={() => mutate()} />}
      {brokers && !brokers.length && <p className="text-sm text-slate-600 dark:text-slate-400">No brokers in this namespace.</p>}
      <ul className="space-y-1">
        {brokers?.map((broker) => (
          <li key={broker.name}>
            <RowLink href={`/namespaces/${namespace}/brokers/${broker.name}/${section}`}>{`${namespace}/${broker.name}`}</RowLink>
          </li>
        ))}
      </ul>
    </section>
  );
}
