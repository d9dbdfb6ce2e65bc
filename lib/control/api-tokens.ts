// API tokens: created with a scope and shown once, listed without secrets, revoked; audited.
// verify() is how a presented token is checked, by the API's authentication and by `sluice up`
// before it reuses the console's saved token.
import { generateApiToken, parseApiToken, tokenMatches } from "../auth/api-tokens.ts";
import type { Store } from "../store/index.ts";
import type { ApiTokenRecord } from "../store/repositories/api-tokens.ts";
import type { TokenCreate } from "../validations/users.ts";
import { ControlError } from "./errors.ts";

export function apiTokenService(store: Store) {
  return {
    list: () => store.apiTokens.list(),

    /** The record of a live (known, unrevoked) token, or undefined. */
    async verify(token: string): Promise<ApiTokenRecord | undefined> {
      const parsed = parseApiToken(token);
      const record = parsed && (await store.apiTokens.get(parsed.id));
      return record && !record.revokedAt && tokenMatches(token, record.hash) ? record : undefined;
    },

    /** Returns the record and the token itself, which is never stored and cannot be shown again. */
    async create(actor: string, input: TokenCreate): Promise<{ record: ApiTokenRecord; token: string }> {
      const { token, id, hash } = generateApiToken();
      const record = await store.apiTokens.create({ id, hash, name: input.name, scope: input.scope, createdBy: actor });
      await store.audit.append({ actor, action: "token.create", target: `token:${id}`, details: { name: input.name, scope: input.scope } });
      return { record, token };
    },

    async revoke(actor: string, id: string): Promise<void> {
      if (!(await store.apiTokens.revoke(id))) throw new ControlError("not_found", `no live token ${id}`);
      await store.audit.append({ actor, action: "token.revoke", target: `token:${id}` });
    },
  };
}

export type ApiTokenService = ReturnType<typeof apiTokenService>;
