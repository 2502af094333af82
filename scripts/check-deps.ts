// Import cycles and the package dependency direction, checked by dependency-cruiser (rules in .dependency-cruiser.cjs).
import { spawnSync } from "node:child_process";

const result = spawnSync(
  "npx",
  ["depcruise", "packages", "scripts", "fixtures", "--config", ".dependency-cruiser.cjs"],
  {
    stdio: "inherit",
  },
);
process.exit(result.status ?? 1);
