// Whether the console reaches the Sluice server, polled for the "server unreachable" banner.
import useSWR from "swr";

type ApiStatus = "ok" | "starting" | "unreachable";

const pollMs = 5_000;

export function useApiStatus(): ApiStatus | undefined {
  const { data, error } = useSWR<{ api: ApiStatus }>(
    "/api/status",
    async (url: string) => {
      const response = await fetch(url);
      if (!response.ok) throw new Error(`status ${response.status}`);
      return response.json();
    },
    { refreshInterval: pollMs, revalidateOnFocus: true },
  );
  // The console itself not answering looks the same to the user: nothing can be loaded.
  return error ? "unreachable" : data?.api;
}
