// "May this credential publish to / subscribe to T, and which rule decides?" (the console's and
// the API's check). Answered with the matching the broker runs on every PUBLISH and SUBSCRIBE
// (acl.ts) and its $SYS rule, so the answer is what the broker would do, not a second opinion.
import { isSysTopic } from "../broker/sys-topics.ts";
import { publishRule, subscribeRule, type TopicAcl } from "./acl.ts";

export type AccessAction = "publish" | "subscribe";
/** Whether the broker accepts the credential at CONNECT at all (lib/auth/README.md, reason codes). */
export type CredentialStatus = "active" | "revoked" | "expired";

export interface AccessAnswer {
  /** What the broker would do now: the ACL allows it and the credential can connect. */
  allowed: boolean;
  /** The ACL filter that allows it (the first that matches), whatever the status; null: none does. */
  rule: string | null;
  status: CredentialStatus;
  reason: string;
}

export function checkAccess(acl: TopicAcl, status: CredentialStatus, action: AccessAction, topic: string): AccessAnswer {
  const { rule, because } = action === "publish" ? publishDecision(acl, topic) : subscribeDecision(acl, topic);
  if (status === "active") return { allowed: rule !== null, rule, status, reason: because };
  const refused = status === "revoked" ? "the credential is revoked: the broker refuses its CONNECT (0x87 Not authorized)" : "the credential has expired: the broker refuses its CONNECT (0x86 Bad User Name or Password)";
  return { allowed: false, rule, status, reason: `${refused}; its ACL alone ${rule === null ? "would not allow" : "would allow"} this: ${because}` };
}

function publishDecision(acl: TopicAcl, topic: string): { rule: string | null; because: string } {
  if (isSysTopic(topic)) return { rule: null, because: "$SYS/ topics are the broker's own, and no client may publish to them" };
  const rule = publishRule(acl, topic);
  if (rule === undefined) return { rule: null, because: acl.pub.length ? `no acl.pub filter matches ${topic}` : "acl.pub is empty: this credential may not publish" };
  return { rule, because: `acl.pub filter ${rule} matches ${topic}` };
}

function subscribeDecision(acl: TopicAcl, filter: string): { rule: string | null; because: string } {
  const rule = subscribeRule(acl, filter);
  if (rule === undefined) return { rule: null, because: acl.sub.length ? `no acl.sub filter covers ${filter}` : "acl.sub is empty: this credential may not subscribe" };
  return { rule, because: `acl.sub filter ${rule} covers ${filter}` };
}
