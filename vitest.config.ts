import { defaultServerConditions } from "vite";
import { defineConfig } from "vitest/config";

// Workspace packages resolve to their TypeScript sources in the monorepo (the "@infraflux/source" export condition);
// users get the built dist/. Processes the tests start inherit the condition through NODE_OPTIONS.
const SOURCE_CONDITION = "@infraflux/source";
if (!process.env.NODE_OPTIONS?.includes(SOURCE_CONDITION))
  process.env.NODE_OPTIONS = `${process.env.NODE_OPTIONS ?? ""} --conditions=${SOURCE_CONDITION}`.trim();

// One runner for the whole monorepo. Git-heavy suites are named *.slow.test.ts so
// `npm run test:fast` can leave them out of the inner loop.
export default defineConfig({
  resolve: { conditions: [SOURCE_CONDITION, ...defaultServerConditions] },
  ssr: { resolve: { conditions: [SOURCE_CONDITION, ...defaultServerConditions] } },
  test: {
    include: [
      "packages/*/src/**/*.test.ts",
      "packages/*/test/**/*.test.ts",
      "fixtures/**/*.test.ts",
      "scripts/**/*.test.ts",
    ],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: "forks",
  },
});
