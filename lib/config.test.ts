import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "./config.ts";

describe("loadConfig", () => {
  it("has embedded defaults", () => {
    const config = loadConfig({}, {});
    expect(config).toMatchObject({ mqttPort: 1883, mqttsPort: 8883, httpPort: 8080, consolePort: 3000, dataDir: "./.sluice", allowAnonymous: false });
    expect(config.databaseUrl).toBeUndefined();
    expect(Object.isFrozen(config)).toBe(true);
  });

  it("reads environment variables, and flags win over them", () => {
    const env = { SLUICE_MQTT_PORT: "1884", SLUICE_HTTP_PORT: "9000", SLUICE_ALLOW_ANONYMOUS: "true", DATABASE_URL: "postgres://u@h/db", SLUICE_DATA_DIR: "/var/lib/sluice", SLUICE_CONSOLE_PORT: "3100" };
    expect(loadConfig({ httpPort: "9100" }, env)).toMatchObject({ mqttPort: 1884, httpPort: 9100, consolePort: 3100, allowAnonymous: true, databaseUrl: "postgres://u@h/db", dataDir: "/var/lib/sluice" });
  });

  it("reports every invalid setting on its own line, naming flag and variable", () => {
    let message = "";
    try {
      loadConfig({ mqttPort: "70000", tlsKey: "key.pem" }, { DATABASE_URL: "mysql://x", SLUICE_ALLOW_ANONYMOUS: "maybe" });
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      message = (error as Error).message;
    }
    const lines = message.split("\n");
    expect(lines).toHaveLength(4);
    expect(lines).toContain("--mqtt-port (SLUICE_MQTT_PORT): must be a port number (0-65535)");
    expect(lines).toContain("--database-url (DATABASE_URL): must be a postgres:// or postgresql:// URL");
    expect(lines.some((l) => l.startsWith("--allow-anonymous (SLUICE_ALLOW_ANONYMOUS): "))).toBe(true);
    expect(lines).toContain("--tls-cert (SLUICE_TLS_CERT) and --tls-key (SLUICE_TLS_KEY) must be given together");
  });

  it("takes a public WebSocket URL for browsers behind a proxy, without its trailing slash", () => {
    expect(loadConfig({}, { SLUICE_PUBLIC_WS_URL: "wss://mqtt.example.com/mqtt/" }).publicWsUrl).toBe("wss://mqtt.example.com/mqtt");
    expect(loadConfig({ publicWsUrl: "ws://10.0.0.5:9001" }, {}).publicWsUrl).toBe("ws://10.0.0.5:9001");
    expect(() => loadConfig({ publicWsUrl: "https://mqtt.example.com/mqtt" }, {})).toThrow("--public-ws-url (SLUICE_PUBLIC_WS_URL): must be a ws:// or wss:// URL without query or fragment");
    expect(() => loadConfig({ publicWsUrl: "wss://mqtt.example.com/mqtt?x=1" }, {})).toThrow(ConfigError);
  });
});
