// The explorer's Web Worker: its MQTT connection, off the page's main thread (explorer-link.ts
// says why and how the two talk).
import { serveExplorer } from "./explorer-link.ts";

serveExplorer(self as unknown as Parameters<typeof serveExplorer>[0]);
