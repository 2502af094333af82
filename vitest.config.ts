import { defineConfig } from "vitest/config";

// One runner for the whole monorepo. Git-heavy suites are named *.slow.test.ts so
// `npm run test:fast` can leave them out of the inner loop.
export default defineConfig({
  test: {
    include: ["packages/*/src/**/*.test.ts", "packages/*/test/**/*.test.ts", "fixtures/**/*.test.ts"],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: "forks",
  },
});
