// Starts what the specs test, as a user would: `sluice up` with the console, on free ports, with a
// fresh data dir (it builds the console first when its sources changed). Creates the developer and
// support users through the API, and hands URLs and the admin token to the workers. The returned
// function stops it all.
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { adminApi } from "./server.ts";
import { startSluice } from "./sluice-process.ts";
import { users } from "./users.ts";

export default async function globalSetup(): Promise<() => Promise<void>> {
  const dataDir = mkdtempSync(path.join(tmpdir(), "sluice-e2e-"));
  const adminToken = randomBytes(24).toString("hex");
  const sluice = await startSluice(["--console-port", "0", "--data-dir", dataDir], { SLUICE_ADMIN_TOKEN: adminToken, SLUICE_ADMIN_PASSWORD: users.admin.password }).catch((error) => {
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  });
  const stop = async () => {
    const code = await sluice.stop();
    rmSync(dataDir, { recursive: true, force: true });
    // Stopping `sluice up` must stop the console it started, and cleanly.
    if (code !== 0) throw new Error(`sluice up exited with ${code} on SIGTERM`);
    if (await fetch(sluice.consoleUrl!).then(() => true, () => false)) throw new Error(`the console at ${sluice.consoleUrl} still answers after sluice up stopped`);
  };

  try {
    Object.assign(process.env, { SLUICE_E2E_CONSOLE_URL: sluice.consoleUrl, SLUICE_E2E_API_URL: sluice.apiUrl, SLUICE_E2E_MQTT_PORT: String(sluice.mqttPort), SLUICE_E2E_ADMIN_TOKEN: adminToken, SLUICE_E2E_DATA_DIR: dataDir });
    for (const role of ["developer", "support"] as const) {
      const { email, name, password } = users[role];
      const created = await adminApi("POST", "/users", { email, name, password, role });
      if (created.status !== 201) throw new Error(`creating the ${role} user failed: ${JSON.stringify(created.body)}`);
    }
  } catch (error) {
    await stop().catch(() => {}); // the first error is the one to report
    throw error;
  }
  return stop;
}
