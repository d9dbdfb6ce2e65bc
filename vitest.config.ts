import { defineConfig } from "vitest/config";

// Unit tests run over in-memory streams; integration tests open real sockets on free ports.
export default defineConfig({
  test: {
    include: ["lib/**/*.test.ts"],
    testTimeout: 20_000,
    hookTimeout: 30_000,
    pool: "forks",
  },
});
