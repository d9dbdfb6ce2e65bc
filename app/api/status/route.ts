// GET /api/status — whether the console can reach the Sluice server; the "API unreachable" banner
// polls it (lib/swr/use-api-status.ts). Open without a session: it tells only up or down.
import { apiStatus } from "@/lib/console/api.ts";

export async function GET(): Promise<Response> {
  return Response.json({ api: await apiStatus() });
}
