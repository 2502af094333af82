// `npm run bench`: every capability's benchmark, one after the other (not a test: prints figures and ratios).
import { spawnSync } from "node:child_process";
import { join } from "node:path";

const benches = [
  "packages/repo-splitter/bench/split.bench.ts",
  "packages/config-compiler/bench/compile.bench.ts",
  "packages/config-compiler/bench/components.bench.ts",
  "packages/validators/bench/validate.bench.ts",
  "packages/validators/bench/flux-repo.bench.ts",
  "packages/overlay-gen/bench/extract.bench.ts",
];
for (const file of benches) {
  process.stdout.write(`\n### ${file}\n`);
  const r = spawnSync(process.execPath, [join(process.cwd(), file)], { stdio: "inherit" });
  if (r.status !== 0) process.exitCode = r.status ?? 1;
}
