/**
 * Benchmark: a home-lab shaped Flux repository — one bootstrap entry point, 250 Flux Kustomizations, each with a
 * kustomization, a HelmRelease and an OCIRepository (about 1,000 files). Times `runValidation` (entry points
 * followed and every path rendered in TypeScript), then with `--build` (kubectl kustomize for each applied
 * kustomization, in parallel) cold and with the content cache warm. Target: under 10 s on 2 cores.
 * Run: `node packages/validators/bench/flux-repo.bench.ts` (part of `npm run bench`).
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { runValidation } from "../src/index.ts";

const APPS = 250;
const root = mkdtempSync(join(tmpdir(), "infraflux-flux-bench-"));
const write = (rel: string, text: string) => {
  mkdirSync(dirname(join(root, "repo", rel)), { recursive: true });
  writeFileSync(join(root, "repo", rel), text);
};

write(
  "clusters/lab/flux-system/gotk-sync.yaml",
  "apiVersion: source.toolkit.fluxcd.io/v1\nkind: GitRepository\nmetadata:\n  name: flux-system\n  namespace: flux-system\nspec:\n  interval: 1m\n  ref: {branch: main}\n  url: https://github.com/org/lab\n---\napiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: flux-system\n  namespace: flux-system\nspec:\n  interval: 10m\n  path: ./clusters/lab\n  prune: true\n  sourceRef: {kind: GitRepository, name: flux-system}\n",
);
write("clusters/lab/flux-system/kustomization.yaml", "resources: [gotk-sync.yaml]\n");
write("clusters/lab/kustomization.yaml", "resources:\n  - flux-system\n  - ../../apps\n");
write(
  "apps/kustomization.yaml",
  `resources:\n${Array.from({ length: APPS }, (_, i) => `  - app-${i}/ks.yaml\n`).join("")}`,
);
for (let i = 0; i < APPS; i++) {
  const dir = `apps/app-${i}`;
  write(
    `${dir}/ks.yaml`,
    `apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: app-${i}\n  namespace: flux-system\nspec:\n  ${i > 0 ? `dependsOn: [{name: app-${i - 1}}]\n  ` : ""}interval: 1h\n  path: ./${dir}/app\n  prune: true\n  wait: true\n  targetNamespace: apps\n  sourceRef: {kind: GitRepository, name: flux-system}\n`,
  );
  write(`${dir}/app/kustomization.yaml`, "resources:\n  - helmrelease.yaml\n  - ocirepository.yaml\n");
  write(
    `${dir}/app/helmrelease.yaml`,
    `apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata:\n  name: app-${i}\nspec:\n  interval: 1h\n  chartRef: {kind: OCIRepository, name: app-${i}}\n  values:\n    image: {repository: ghcr.io/org/app-${i}, tag: "1.0.${i}"}\n`,
  );
  write(
    `${dir}/app/ocirepository.yaml`,
    `apiVersion: source.toolkit.fluxcd.io/v1\nkind: OCIRepository\nmetadata:\n  name: app-${i}\nspec:\n  interval: 1h\n  url: oci://ghcr.io/bjw-s-labs/helm/app-template\n  ref: {tag: 4.0.0}\n`,
  );
}
const files = APPS * 4 + 4;
const cache = join(root, "cache");
const hasKubectl = spawnSync("kubectl", ["version", "--client"], { stdio: "ignore" }).status === 0;

async function time(label: string, build: boolean) {
  const t = performance.now();
  const report = await runValidation({ dirs: ["repo"], cwd: root, build, buildCacheDir: cache });
  const ms = performance.now() - t;
  const problems = report.diagnostics.filter((d) => d.severity !== "info").length;
  console.log(`${label.padEnd(26)} ${(ms / 1000).toFixed(2)} s (${problems} errors/warnings — expected 0)`);
}

console.log(`repository: ${APPS} Flux Kustomizations, ${files} files; ${availableParallelism()} cores`);
await time("validate (TS rendering)", false);
if (hasKubectl) {
  await time("validate --build (cold)", true);
  await time("validate --build (cached)", true);
} else console.log("kubectl not found: --build not measured");
rmSync(root, { recursive: true, force: true });
