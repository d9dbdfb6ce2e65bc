"use client";
// Shown above every console page while the Sluice server cannot be reached, so a page whose data
// fails to load explains itself instead of staying blank.
import { Alert } from "@/components/ui/alert.tsx";
import { useApiStatus } from "@/lib/swr/use-api-status.ts";

export function ApiBanner() {
  const status = useApiStatus();
  if (status === undefined || status === "ok") return null;
  return (
    <Alert tone="warning" className="m-4 mb-0">
      {status === "starting"
        ? "The Sluice server is starting. Pages will load when it is ready."
        : "The Sluice server cannot be reached, so nothing can be loaded or changed. The console keeps trying every few seconds."}
    </Alert>
  );
}
