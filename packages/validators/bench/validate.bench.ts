/**
 * Benchmark: 10,000 manifests across 200 files. Prints manifests per second, peak memory, and the ratio to the
 * floor of only parsing the same YAML with the same parser (yaml's parseAllDocuments + toJS, with positions).
 * Run: `node packages/validators/bench/validate.bench.ts` (root `npm run bench` should call it).
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { LineCounter, parseAllDocuments } from "yaml";
import { runValidation } from "../src/index.ts";

const FILES = 200;
const PER_FILE = 50;
const root = mkdtempSync(join(tmpdir(), "infraflux-bench-"));

function manifest(i: number): string {
  switch (i % 5) {
    case 0:
      return `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: app-${i}\n  namespace: apps\n  labels: {app: app-${i}}\nspec:\n  replicas: 2\n  selector:\n    matchLabels: {app: app-${i}}\n  template:\n    metadata:\n      labels: {app: app-${i}}\n    spec:\n      containers:\n        - name: app\n          image: nginx:1.27\n          ports:\n            - containerPort: 80\n          resources:\n            limits: {cpu: 500m, memory: 256Mi}\n`;
    case 1:
      return `apiVersion: v1\nkind: Service\nmetadata:\n  name: app-${i}\n  namespace: apps\nspec:\n  selector: {app: app-${i}}\n  ports:\n    - port: 80\n      targetPort: 80\n`;
    case 2:
      return `apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata:\n  name: rel-${i}\n  namespace: flux-system\nspec:\n  interval: 30m\n  chart:\n    spec:\n      chart: podinfo\n      version: 6.x\n      sourceRef:\n        kind: HelmRepository\n        name: podinfo\n  values:\n    replicaCount: 2\n    ingress: {enabled: true}\n`;
    case 3:
      return `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cfg-${i}\n  namespace: apps\ndata:\n  a: "1"\n  b: two\n`;
    default:
      return `apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: ks-${i}\n  namespace: flux-system\nspec:\n  interval: 10m\n  path: ./apps\n  prune: true\n  sourceRef:\n    kind: GitRepository\n    name: flux-system\n`;
  }
}

mkdirSync(join(root, "repo/apps"), { recursive: true });
writeFileSync(
  join(root, "repo/apps/podinfo.yaml"),
  "apiVersion: source.toolkit.fluxcd.io/v1\nkind: HelmRepository\nmetadata:\n  name: podinfo\n  namespace: flux-system\nspec:\n  interval: 1h\n  url: https://stefanprodan.github.io/podinfo\n",
);
for (let f = 0; f < FILES; f++) {
  const docs = Array.from({ length: PER_FILE }, (_, k) => manifest(f * PER_FILE + k));
  writeFileSync(join(root, `repo/apps/m-${f}.yaml`), docs.join("---\n"));
}
const total = FILES * PER_FILE + 1;

// Both yardsticks take the best of three runs (as the compile benchmark does); peak RSS is the process's real peak.
const texts = readdirSync(join(root, "repo/apps")).map((f) => readFileSync(join(root, "repo/apps", f), "utf8"));
const firsts: number[] = [];
const bestOf = async (runs: number, work: () => unknown): Promise<number> => {
  let best = Number.POSITIVE_INFINITY;
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await work();
    const took = performance.now() - t;
    if (i === 0) firsts.push(took);
    best = Math.min(best, took);
  }
  return best;
};
const floor = await bestOf(3, () => {
  for (const text of texts)
    for (const d of parseAllDocuments(text, {
      lineCounter: new LineCounter(),
      uniqueKeys: true,
      prettyErrors: false,
    }) as ReturnType<typeof parseAllDocuments> & unknown[])
      (d as { toJS(o: object): unknown }).toJS({ maxAliasCount: 1000 });
});

let report: Awaited<ReturnType<typeof runValidation>> | undefined;
const full = await bestOf(3, async () => {
  report = await runValidation({ dirs: ["repo"], cwd: root });
});
const peak = process.resourceUsage().maxRSS * 1024;
rmSync(root, { recursive: true, force: true });

const errors = report!.diagnostics.filter((d) => d.severity === "error").length;
console.log(`manifests:        ${total} in ${FILES + 1} files (${errors} errors found — expected 0)`);
console.log(`parse floor:      ${floor.toFixed(0)} ms (${Math.round((total / floor) * 1000)} manifests/s)`);
console.log(`validate (all):   ${full.toFixed(0)} ms (${Math.round((total / full) * 1000)} manifests/s)`);
console.log(
  `first runs:       parse ${firsts[0]!.toFixed(0)} ms, validate ${firsts[1]!.toFixed(0)} ms (cold: module loading)`,
);
console.log(`ratio:            ${(full / floor).toFixed(2)}x the parse floor (target <= 3x)`);
console.log(`peak RSS:         ${(peak / 1024 / 1024).toFixed(0)} MiB`);
