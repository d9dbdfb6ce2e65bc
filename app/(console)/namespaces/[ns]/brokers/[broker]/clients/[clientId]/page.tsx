// /namespaces/:ns/brokers/:broker/clients/:clientId (the ID percent-encoded) — one client: its
// connection, session, subscriptions, will and recent disconnects; disconnect for those who may.
import type { Metadata } from "next";
import { ClientDetail } from "@/components/clients/client-detail.tsx";
import { clientIdFromSegment } from "@/components/clients/client-url.ts";
import { NotAllowed } from "@/components/layout/not-allowed.tsx";
import { can } from "@/lib/auth/roles.ts";
import { requireUser } from "@/lib/console/session.ts";

type Props = { params: Promise<{ ns: string; broker: string; clientId: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { clientId } = await params;
  return { title: `Client ${clientId}` };
}

export default async function ClientPage({ params }: Props) {
  const { ns, broker, clientId } = await params;
  const user = await requireUser();
  if (!can(user.role, "clients:read")) return <NotAllowed role={user.role} what="see clients" />;
  return <ClientDetail namespace={ns} name={broker} clientId={clientIdFromSegment(clientId)} canDisconnect={can(user.role, "clients:disconnect")} />;
}
