// `sluice broker issue|credentials|revoke|unrevoke|revocations|public-keys|rotate-keys`: a
// broker's device credentials over /v1/namespaces/:ns/brokers/:b/…, with flags modelled on
// `wrangler pubsub broker`. commands/broker.ts registers them on the `broker` group.
import { InvalidArgumentError, type Command } from "commander";
import type { CredentialIssue, IssuedCredential, Jwks, Revocation } from "../../validations/credentials.ts";
import { connect, type ApiOptions } from "../api-client.ts";
import { expirationValue, parseExpiration } from "../flags.ts";
import { fields, print, table } from "../output.ts";

interface CredentialOptions extends ApiOptions {
  namespace: string;
}
interface IssueOptions extends CredentialOptions {
  number?: number;
  clientId?: string;
  expiration?: number | "none";
  pub?: string[];
  sub?: string[];
}
interface JtiOptions extends CredentialOptions {
  jti: string[];
}

/** Adds `broker <nameAndArgs>` with its required --namespace (commands/broker.ts). */
type BrokerSubcommand = (nameAndArgs: string, description: string) => Command;

export function registerCredentials(command: BrokerSubcommand): void {
  const path = (broker: string, options: CredentialOptions, ...rest: string[]) => ["namespaces", options.namespace, "brokers", broker, ...rest];

  command("issue <broker>", "issue device credentials: JWTs a client sends as its MQTT password (with any user name)")
    .option("--number <n>", "how many credentials, each for a generated client ID (1-100, default 1)", parseCount)
    .option("--client-id <id>", "the client ID of a single credential")
    .option("--expiration <seconds>", "how long the credentials live, in seconds, or none (default: the broker's credential expiration)", parseExpiration)
    .option("--pub <filter>", "a topic filter the client may publish to (repeatable; default #)", collect)
    .option("--sub <filter>", "a topic filter the client may subscribe to (repeatable; default #)", collect)
    .action(async (broker: string, options: IssueOptions) => {
      const body: CredentialIssue = { number: options.number, clientId: options.clientId, expiration: expirationValue(options.expiration), acl: { pub: options.pub, sub: options.sub } };
      const issued = await connect(options).request<Record<string, string>>("POST", path(broker, options, "credentials"), body);
      print(options, issued, () => table(["CLIENT ID", "TOKEN"], Object.entries(issued)));
    });

  command("credentials <broker>", "list the credentials issued for a broker (never their tokens), with the jti that revokes each").action(async (broker: string, options: CredentialOptions) => {
    const response = await connect(options).request<{ credentials: IssuedCredential[] }>("GET", path(broker, options, "credentials"));
    print(options, response, (r) => table(["CLIENT ID", "JTI", "EXPIRES"], r.credentials.map((c) => [c.clientId, c.jti, c.expiresAt ?? "never"])));
  });

  command("revoke <broker>", "revoke credentials: their clients are disconnected at once and refused from then on")
    .requiredOption("--jti <jti>", "the jti of a credential, from `broker credentials` (repeatable)", collect)
    .action(async (broker: string, options: JtiOptions) => {
      const response = await connect(options).request<{ revoked: string[]; disconnected: number }>("POST", path(broker, options, "revocations"), { jti: options.jti });
      print(options, response, (r) => fields([["revoked", String(r.revoked.length)], ["disconnected clients", String(r.disconnected)]]));
    });

  command("unrevoke <broker>", "lift revocations, so that the credentials connect again")
    .requiredOption("--jti <jti>", "the jti of a revoked credential (repeatable)", collect)
    .action(async (broker: string, options: JtiOptions) => {
      const api = connect(options);
      // One call per jti, in order: a failure names the first jti that is still revoked.
      for (const jti of options.jti) await api.request("DELETE", path(broker, options, "revocations", jti));
      print(options, { unrevoked: options.jti }, (r) => r.unrevoked.map((jti) => `unrevoked ${jti}\n`).join(""));
    });

  command("revocations <broker>", "list a broker's revoked credentials").action(async (broker: string, options: CredentialOptions) => {
    const response = await connect(options).request<{ revocations: Revocation[] }>("GET", path(broker, options, "revocations"));
    print(options, response, (r) => table(["JTI", "REVOKED"], r.revocations.map((revocation) => [revocation.jti, revocation.revokedAt])));
  });

  command("public-keys <broker>", "show the public keys that verify a broker's credentials (--json: the JWKS)").action(async (broker: string, options: CredentialOptions) => {
    print(options, await connect(options).request<Jwks>("GET", path(broker, options, "publickeys")), keyTable);
  });

  command("retire-key <broker>", "remove a retired key for good: credentials it signed stop connecting")
    .requiredOption("--kid <kid>", "the retired key's id (see public-keys)")
    .action(async (broker: string, options: CredentialOptions & { kid: string }) => {
      print(options, await connect(options).request<Jwks>("DELETE", path(broker, options, "keys", options.kid)), keyTable);
    });

  command("rotate-keys <broker>", "sign new credentials with the next key; the old key keeps verifying those already issued").action(async (broker: string, options: CredentialOptions) => {
    print(options, await connect(options).request<Jwks>("POST", path(broker, options, "keys", "rotate")), keyTable);
  });
}

/** The JWKS lists the current key, the next (published ahead of its turn), then retired ones (lib/auth/broker-keys.ts). */
const keyTable = (jwks: Jwks) => table(["KID", "ALG", "CRV", "STATUS"], jwks.keys.map((k, i) => [k.kid, k.alg, k.crv, i === 0 ? "current" : i === 1 ? "next" : "retired"]));

/** `--number 3`; the API checks the range. */
function parseCount(value: string): number {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError("must be a whole number");
  return Number(value);
}

/** Accumulates a repeatable flag. */
const collect = (value: string, previous: string[] | undefined) => [...(previous ?? []), value];
