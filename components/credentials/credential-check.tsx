"use client";
// "Can this credential publish / subscribe to T?": the API answers with the broker's own ACL
// matching, naming the rule that decided and whether the credential is revoked or expired.
import { useState } from "react";
import { Alert } from "@/components/ui/alert.tsx";
import { Button } from "@/components/ui/button.tsx";
import { SelectField, TextField } from "@/components/ui/field.tsx";
import { useSchemaForm } from "@/components/ui/use-schema-form.ts";
import { sendJson } from "@/lib/swr/fetcher.ts";
import { credentialsKey } from "@/lib/swr/use-credentials.ts";
import { credentialCheck, type CredentialCheck as CheckRequest, type CredentialCheckResult, type IssuedCredential } from "@/lib/validations/credentials.ts";

const actionWords = { publish: "publish to", subscribe: "subscribe to" };

export function CredentialCheck({ namespace, name, credentials }: { namespace: string; name: string; credentials: IssuedCredential[] }) {
  const [jti, setJti] = useState(credentials[0]?.jti);
  const [action, setAction] = useState<CheckRequest["action"]>("publish");
  // The answer keeps the question it answers: the fields may have changed since.
  const [answer, setAnswer] = useState<{ clientId: string; request: CheckRequest; result: CredentialCheckResult }>();
  // A credential may leave the list (its broker's data reloaded): fall back to the first.
  const selected = credentials.find((c) => c.jti === jti) ?? credentials[0];
  const { errors, problem, pending, onSubmit } = useSchemaForm(
    credentialCheck,
    (fields) => ({ action, topic: fields.get("topic") }),
    async (request) => {
      setAnswer(undefined);
      const result = await sendJson<CredentialCheckResult>("POST", `${credentialsKey(namespace, name)}/${encodeURIComponent(selected.jti)}/check`, request);
      setAnswer({ clientId: selected.clientId, request, result });
    },
  );

  return (
    <section aria-labelledby="check" className="space-y-4">
      <h2 id="check" className="text-lg font-semibold">
        Check access
      </h2>
      <form onSubmit={onSubmit} className="space-y-4" noValidate>
        <div className="grid max-w-3xl gap-4 sm:grid-cols-[2fr_1fr]">
          <SelectField label="Credential" value={selected.jti} onChange={(event) => setJti(event.target.value)}>
            {credentials.map((c) => (
              <option key={c.jti} value={c.jti}>
                {c.clientId} · {c.jti.slice(0, 8)}
              </option>
            ))}
          </SelectField>
          <SelectField label="Action" value={action} onChange={(event) => setAction(event.target.value as CheckRequest["action"])}>
            <option value="publish">Publish to</option>
            <option value="subscribe">Subscribe to</option>
          </SelectField>
          <TextField
            label="Topic"
            name="topic"
            required
            className="sm:col-span-2"
            error={errors.topic}
            hint={action === "publish" ? "A topic name, such as sensors/kitchen/temp." : "A topic filter: + is one level, # everything below; $share/<group>/<filter> for a shared subscription."}
          />
        </div>
        {problem && <Alert tone="error">{problem}</Alert>}
        <Button type="submit" disabled={pending}>
          {pending ? "Checking…" : "Check"}
        </Button>
      </form>
      {answer && <CheckAnswer {...answer} />}
    </section>
  );
}

function CheckAnswer({ clientId, request, result }: { clientId: string; request: CheckRequest; result: CredentialCheckResult }) {
  return (
    <Alert tone={result.allowed ? "info" : "warning"} className="max-w-3xl space-y-1">
      <p className="font-semibold">
        {result.allowed ? "Allowed" : "Not allowed"}: {clientId} may {result.allowed ? "" : "not "}
        {actionWords[request.action]} <code>{request.topic}</code>
      </p>
      <p>
        {result.rule === null ? (
          "No rule of its ACL allows this."
        ) : result.status === "active" ? (
          <>
            Rule: <code>{result.rule}</code>
          </>
        ) : (
          <>
            Its ACL alone would allow this, by the rule <code>{result.rule}</code>, but the credential is {result.status}.
          </>
        )}
      </p>
      <p>Why: {result.reason}.</p>
    </Alert>
  );
}
