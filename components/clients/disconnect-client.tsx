"use client";
// Disconnect a client (0x98 Administrative action), and with it, or on its own when the client
// is offline, discard its session; after a confirmation. Admins and developers (clients:disconnect).
import { useRouter } from "next/navigation";
import { useState } from "react";
import { mutate } from "swr";
import { DeleteButton } from "@/components/ui/delete-button.tsx";
import { CheckboxField } from "@/components/ui/field.tsx";
import { sendJson } from "@/lib/swr/fetcher.ts";
import { clientKey } from "@/lib/swr/use-client.ts";
import { clientsKey } from "@/lib/swr/use-clients.ts";
import type { ClientDetail, ClientDisconnectResult } from "@/lib/validations/clients.ts";
import { clientsPath } from "./client-url.ts";

export function DisconnectClient({ namespace, name, client }: { namespace: string; name: string; client: ClientDetail }) {
  const router = useRouter();
  const [discard, setDiscard] = useState(false);
  const connected = client.state === "connected";
  const persistent = client.sessionExpiryInterval > 0;
  const discardSession = !connected || (persistent && discard);

  async function disconnect() {
    const key = clientKey(namespace, name, client.clientId);
    const result = await sendJson<ClientDisconnectResult>("DELETE", `${key}${discardSession ? "?discardSession=true" : ""}`);
    // Every cached page of the list, and this client.
    await mutate((k) => typeof k === "string" && k.startsWith(`${clientsKey(namespace, name)}?`));
    if (result.sessionEnded) router.push(clientsPath(namespace, name));
    else await mutate(key);
  }

  return (
    <DeleteButton label={connected ? "Disconnect" : "Discard session"} title={connected ? `Disconnect ${client.clientId}?` : `Discard the session of ${client.clientId}?`} onDelete={disconnect}>
      {connected ? (
        <>
          <p>
            The client is told 0x98 Administrative action ({client.protocolVersion === 5 ? "MQTT 5" : "MQTT 3.1.1 has no such message: its connection is just closed"}). Its will message, if it has one, is published. It may connect again.
          </p>
          {persistent ? (
            <CheckboxField label="Also discard its session" hint="Its subscriptions and queued messages go too; otherwise they wait for it to come back." checked={discard} onChange={(e) => setDiscard(e.target.checked)} />
          ) : (
            <p>Its session ends with the connection (session expiry 0).</p>
          )}
        </>
      ) : (
        <p>The client is offline. Its subscriptions, queued messages and in-flight messages go; a will message still waiting out its delay is published now.</p>
      )}
    </DeleteButton>
  );
}
