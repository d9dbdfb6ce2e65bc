// Binding listeners: a taken or forbidden port fails at once with one line naming its flag.
import { createServer, type Server } from "node:net";
import { flagFor, type ConfigInput } from "../config.ts";

export class ListenError extends Error {}

export function listen(server: Server, port: number, host: string, setting: keyof ConfigInput): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      const flag = flagFor(setting);
      const why = error.code === "EADDRINUSE" ? "is already in use" : error.code === "EACCES" ? "needs more privileges" : `cannot be used (${error.code ?? error.message})`;
      reject(new ListenError(`port ${port} ${why}: choose another with ${flag}`));
    };
    server.once("error", onError);
    server.listen(port, host, () => {
      server.off("error", onError);
      const address = server.address();
      resolve(typeof address === "object" && address ? address.port : port);
    });
  });
}

/**
 * For a listener another process opens (the console): checks now that `port` can be bound, so a
 * taken port fails as early and as clearly as the server's own. A port of 0 picks a free one.
 */
export async function reservePort(port: number, host: string, setting: keyof ConfigInput): Promise<number> {
  const probe = createServer();
  const bound = await listen(probe, port, host, setting);
  await new Promise((resolve) => probe.close(resolve));
  return bound;
}
