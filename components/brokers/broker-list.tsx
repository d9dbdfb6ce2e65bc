"use client";
// A namespace's brokers, each leading to its page with endpoints and settings.
import Link from "next/link";
import { Empty, LoadError, Loading } from "@/components/ui/states.tsx";
import { Time } from "@/components/ui/time.tsx";
import { useBrokers } from "@/lib/swr/use-brokers.ts";
import { expirationText } from "./expiration.ts";

export function BrokerList({ namespace, canCreate }: { namespace: string; canCreate: boolean }) {
  const { data: brokers, error, isLoading, mutate } = useBrokers(namespace);
  if (isLoading) return <Loading label="Loading brokers…" />;
  if (error) return <LoadError error={error} retry={() => mutate()} />;
  if (!brokers?.length) {
    return <Empty title="No brokers in this namespace">{canCreate ? "Create one: it is live at once on the running listeners." : "An admin creates brokers."}</Empty>;
  }
  return (
    <table className="w-full text-left text-sm">
      <thead className="border-b border-slate-200 text-slate-600 dark:border-slate-800 dark:text-slate-400">
        <tr>
          <th scope="col" className="py-2 font-medium">
            Broker
          </th>
          <th scope="col" className="py-2 font-medium">
            Credentials expire after
          </th>
          <th scope="col" className="py-2 font-medium">
            Created
          </th>
        </tr>
      </thead>
      <tbody>
        {brokers.map((broker) => (
          <tr key={broker.name} className="border-b border-slate-100 dark:border-slate-900">
            <td className="py-2">
              <Link href={`/namespaces/${namespace}/brokers/${broker.name}`} className="font-medium text-sky-700 underline-offset-2 hover:underline dark:text-sky-400">
                {broker.name}
              </Link>
            </td>
            <td className="py-2">{expirationText(broker.credentialExpiration)}</td>
            <td className="py-2">
              <Time iso={broker.createdAt} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
