"use client";
// A broker's page body: its endpoints, and its settings as a form for admins or as a list for others.
import { LoadError, Loading } from "@/components/ui/states.tsx";
import { useBroker } from "@/lib/swr/use-broker.ts";
import { BrokerEndpoints } from "./broker-endpoints.tsx";
import { BrokerSettingsForm } from "./broker-settings-form.tsx";
import { BrokerSettingsView } from "./broker-settings-view.tsx";

export function BrokerDetail({ namespace, name, canEdit }: { namespace: string; name: string; canEdit: boolean }) {
  const { data: broker, error, isLoading, mutate } = useBroker(namespace, name);
  if (isLoading) return <Loading label="Loading the broker…" />;
  if (error || !broker) return <LoadError error={error} retry={() => mutate()} />;
  return (
    <div className="space-y-10">
      <BrokerEndpoints endpoints={broker.endpoints} />
      {canEdit ? <BrokerSettingsForm broker={broker} /> : <BrokerSettingsView broker={broker} />}
    </div>
  );
}
