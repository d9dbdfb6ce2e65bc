"use client";
// All namespaces, each leading to its brokers.
import Link from "next/link";
import { Empty, LoadError, Loading } from "@/components/ui/states.tsx";
import { Time } from "@/components/ui/time.tsx";
import { useNamespaces } from "@/lib/swr/use-namespaces.ts";

export function NamespaceList({ canCreate }: { canCreate: boolean }) {
  const { data: namespaces, error, isLoading, mutate } = useNamespaces();
  if (isLoading) return <Loading label="Loading namespaces…" />;
  if (error) return <LoadError error={error} retry={() => mutate()} />;
  if (!namespaces?.length) {
    return <Empty title="No namespaces yet">{canCreate ? "Create one to hold your brokers." : "An admin creates namespaces."}</Empty>;
  }
  return (
    <table className="w-full text-left text-sm">
      <thead className="border-b border-slate-200 text-slate-600 dark:border-slate-800 dark:text-slate-400">
        <tr>
          <th scope="col" className="py-2 font-medium">
            Namespace
          </th>
          <th scope="col" className="py-2 font-medium">
            Created
          </th>
        </tr>
      </thead>
      <tbody>
        {namespaces.map((ns) => (
          <tr key={ns.name} className="border-b border-slate-100 dark:border-slate-900">
            <td className="py-2">
              <Link href={`/namespaces/${ns.name}/brokers`} className="font-medium text-sky-700 underline-offset-2 hover:underline dark:text-sky-400">
                {ns.name}
              </Link>
            </td>
            <td className="py-2">
              <Time iso={ns.createdAt} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
