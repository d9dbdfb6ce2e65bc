// Where a listed credential stands: revoked by an operator, past its expiry, or usable.
import type { IssuedCredential } from "@/lib/validations/credentials.ts";

export type ListedStatus = { kind: "revoked"; revokedAt: string } | { kind: "expired" } | { kind: "active" };

/** Revoked first: it is what an admin can undo here. */
export function listedStatus(credential: IssuedCredential, revokedAt: string | undefined, now: number): ListedStatus {
  if (revokedAt !== undefined) return { kind: "revoked", revokedAt };
  if (credential.expiresAt !== null && Date.parse(credential.expiresAt) <= now) return { kind: "expired" };
  return { kind: "active" };
}
