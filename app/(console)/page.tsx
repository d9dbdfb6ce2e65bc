// / — the overview (a later release builds its live KPIs and charts).
import type { Metadata } from "next";
import Link from "next/link";
import { ComingLater } from "@/components/layout/coming-later.tsx";
import { requireUser } from "@/lib/console/session.ts";

export const metadata: Metadata = { title: "Overview" };

export default async function OverviewPage() {
  await requireUser();
  return (
    <ComingLater title="Overview">
      Live connections, message rates, drops by reason and hook latency, per broker and in total. Meanwhile, start with{" "}
      <Link href="/namespaces" className="text-sky-700 underline dark:text-sky-400">
        namespaces and brokers
      </Link>
      .
    </ComingLater>
  );
}
