// /analytics — analytics over hook data points (a later release builds this page).
import type { Metadata } from "next";
import { ComingLater } from "@/components/layout/coming-later.tsx";
import { NotAllowed } from "@/components/layout/not-allowed.tsx";
import { can } from "@/lib/auth/roles.ts";
import { requireUser } from "@/lib/console/session.ts";

export const metadata: Metadata = { title: "Analytics" };

export default async function Page() {
  const user = await requireUser();
  if (!can(user.role, "analytics:query")) return <NotAllowed role={user.role} what="query analytics" />;
  return <ComingLater title="Analytics">Query the data points your hooks write with SQL, and chart the results.</ComingLater>;
}
