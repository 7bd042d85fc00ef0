import { defineConfig } from "vitest/config";

// End-to-end tests: each test file starts its own Prosody (own temp dir and
// ports, see test/harness/prosody.ts), so files can run in parallel. Two
// workers match the 2-core machines this project runs on.
export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    environment: "node",
    testTimeout: 30_000,
    hookTimeout: 60_000,
    fileParallelism: true,
    maxWorkers: 2,
  },
});
