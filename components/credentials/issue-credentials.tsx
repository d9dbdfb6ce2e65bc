"use client";
// Issue one credential for a client ID, or many with generated ones, with an expiry and a topic
// ACL; checked with the API's own schema. The tokens are then shown once (IssuedTokens).
import { useState, type FormEvent } from "react";
import { mutate } from "swr";
import { expirationText } from "@/components/brokers/expiration.ts";
import { lines, numberOrDefault } from "@/components/brokers/form-values.ts";
import { Alert } from "@/components/ui/alert.tsx";
import { Button } from "@/components/ui/button.tsx";
import { SelectField, TextAreaField, TextField } from "@/components/ui/field.tsx";
import { LoadError, Loading } from "@/components/ui/states.tsx";
import type { TopicAcl } from "@/lib/auth/acl.ts";
import { MAX_CREDENTIALS_PER_REQUEST } from "@/lib/auth/credential-limits.ts";
import { ApiRequestError, sendJson } from "@/lib/swr/fetcher.ts";
import { useBroker } from "@/lib/swr/use-broker.ts";
import { credentialsKey } from "@/lib/swr/use-credentials.ts";
import { credentialIssue } from "@/lib/validations/credentials.ts";
import { fieldErrors, lineError, type FieldErrors } from "@/lib/validations/field-errors.ts";
import { IssuedTokens } from "./issued-tokens.tsx";

/** Lifetimes offered besides the broker's default, "never" and a number of seconds: an hour, a day, 30 days, a year. */
const presetSeconds = [3_600, 86_400, 30 * 86_400, 365 * 86_400];

export function IssueCredentials({ namespace, name }: { namespace: string; name: string }) {
  const { data: broker, error, isLoading, mutate: reload } = useBroker(namespace, name);
  const [issued, setIssued] = useState<{ tokens: Record<string, string>; acl: TopicAcl }>();
  const [expiry, setExpiry] = useState("default");
  const [errors, setErrors] = useState<FieldErrors>({});
  const [problem, setProblem] = useState<string>();
  const [pending, setPending] = useState(false);

  if (isLoading) return <Loading label="Loading the broker…" />;
  if (error || !broker) return <LoadError error={error} retry={() => reload()} />;
  if (issued) return <IssuedTokens tokens={issued.tokens} acl={issued.acl} endpoint={broker.endpoints.mqtt} onDone={() => setIssued(undefined)} />;

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setProblem(undefined);
    const expiresAfter = numberOrDefault(form.get("expiresAfter"));
    if (expiry === "custom" && expiresAfter === undefined) {
      setErrors({ expiration: "Enter how many seconds the credential lives." });
      return;
    }
    const parsed = credentialIssue.safeParse({
      clientId: String(form.get("clientId") ?? "").trim() || undefined,
      number: numberOrDefault(form.get("number")),
      expiration: expiry === "default" ? undefined : expiry === "never" ? null : expiry === "custom" ? expiresAfter : Number(expiry),
      acl: { pub: lines(form.get("pub")), sub: lines(form.get("sub")) },
    });
    setErrors(parsed.success ? {} : fieldErrors(parsed.error.issues));
    if (!parsed.success) return;
    setPending(true);
    try {
      const tokens = await sendJson<Record<string, string>>("POST", credentialsKey(namespace, name), parsed.data);
      setIssued({ tokens, acl: { pub: parsed.data.acl?.pub ?? [], sub: parsed.data.acl?.sub ?? [] } });
      setExpiry("default");
      await mutate(credentialsKey(namespace, name));
    } catch (error) {
      if (error instanceof ApiRequestError && error.fields.length) setErrors(fieldErrors(error.fields));
      else setProblem(error instanceof Error ? error.message : String(error));
    } finally {
      setPending(false);
    }
  }

  return (
    <section aria-labelledby="issue" className="space-y-4">
      <h2 id="issue" className="text-lg font-semibold">
        Issue credentials
      </h2>
      <form onSubmit={submit} className="space-y-4" noValidate>
        {problem && <Alert tone="error">{problem}</Alert>}
        <div className="grid max-w-3xl gap-4 sm:grid-cols-2">
          <TextField label="Client ID" name="clientId" error={errors.clientId} hint="The client ID the device connects with. Leave it empty to issue several, each with a generated one." />
          <TextField label="Number of credentials" name="number" type="number" min={1} max={MAX_CREDENTIALS_PER_REQUEST} step={1} defaultValue={1} error={errors.number} hint={`1 with a client ID; up to ${MAX_CREDENTIALS_PER_REQUEST} without.`} />
          <SelectField label="Expiry" name="expiry" value={expiry} onChange={(event) => setExpiry(event.target.value)} error={expiry === "custom" ? undefined : errors.expiration}>
            <option value="default">The broker&apos;s default ({expirationText(broker.credentialExpiration)})</option>
            {presetSeconds.map((seconds) => (
              <option key={seconds} value={seconds}>
                After {expirationText(seconds)}
              </option>
            ))}
            <option value="never">Never</option>
            <option value="custom">After a number of seconds…</option>
          </SelectField>
          {expiry === "custom" && <TextField label="Expires after (seconds)" name="expiresAfter" type="number" min={1} step={1} autoFocus error={errors.expiration} />}
        </div>
        <div className="grid max-w-3xl gap-4 sm:grid-cols-2">
          <TextAreaField label="May publish to" name="pub" rows={3} defaultValue="#" error={lineError(errors, "acl.pub")} hint="One topic filter per line: + is one level, # everything below. Empty: may not publish." />
          <TextAreaField label="May subscribe to" name="sub" rows={3} defaultValue="#" error={lineError(errors, "acl.sub")} hint="Filters the device may subscribe to, or to any filter they cover. Empty: may not subscribe." />
        </div>
        <Button type="submit" disabled={pending}>
          {pending ? "Issuing…" : "Issue credentials"}
        </Button>
      </form>
    </section>
  );
}
