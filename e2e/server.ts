// What the global setup started, for the specs: URLs and the admin token, passed through the
// environment (Playwright's workers inherit what the global setup sets).

export const server = {
  get apiUrl() {
    return required("SLUICE_E2E_API_URL");
  },
  get mqttPort() {
    return Number(required("SLUICE_E2E_MQTT_PORT"));
  },
  /** The server's data dir (it holds the console's session secret). */
  get dataDir() {
    return required("SLUICE_E2E_DATA_DIR");
  },
  get adminToken() {
    return required("SLUICE_E2E_ADMIN_TOKEN");
  },
};

/** Calls the API as the admin token, to prepare data or check what the console did. */
export async function adminApi(method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> {
  const response = await fetch(`${server.apiUrl}/v1${path}`, {
    method,
    headers: { authorization: `Bearer ${server.adminToken}`, ...(body === undefined ? {} : { "content-type": "application/json" }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the specs through playwright test, whose global setup starts the server`);
  return value;
}
