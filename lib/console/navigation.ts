// The console's sections and the permission each needs to be shown (lib/auth/roles.ts). The
// layout offers a user only the sections their role may open; the pages check again, since a URL
// can be opened directly.
import type { Permission } from "../auth/roles.ts";

export interface Section {
  href: string;
  label: string;
  permission: Permission;
  /** The part of a broker's page this section stands for (/namespaces/:ns/brokers/:b/<brokerPage>). */
  brokerPage?: string;
}

export const sections: readonly Section[] = [
  { href: "/", label: "Overview", permission: "brokers:read" },
  { href: "/namespaces", label: "Namespaces & brokers", permission: "namespaces:read" },
  { href: "/credentials", label: "Credentials", permission: "brokers:read", brokerPage: "credentials" },
  { href: "/hooks", label: "Hooks", permission: "hooks:read", brokerPage: "hook" },
  { href: "/explorer", label: "Explorer", permission: "explorer:subscribe", brokerPage: "explorer" },
  { href: "/clients", label: "Clients", permission: "clients:read", brokerPage: "clients" },
  { href: "/analytics", label: "Analytics", permission: "analytics:query" },
  { href: "/users", label: "Users", permission: "users:read" },
  { href: "/tokens", label: "API tokens", permission: "tokens:read" },
  { href: "/audit", label: "Audit", permission: "audit:read" },
];
