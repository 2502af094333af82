// Extraction across 50 clusters × 40 components: time and memory, and the ratio to the time
// `kubectl kustomize` takes to build all the resulting overlays (target: extraction ≤ 1× that build time).
// Run: node packages/overlay-gen/bench/extract.bench.ts  (from the repository root; needs kubectl)
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { extractOverlays } from "@infraflux/overlay-gen";

const CLUSTERS = Number(process.env.BENCH_CLUSTERS ?? 50);
const COMPONENTS = Number(process.env.BENCH_COMPONENTS ?? 40);
const root = mkdtempSync(join(tmpdir(), "overlay-gen-bench-"));

function component(c: number, k: number): string {
  // Shared chart and most values; a version drift on every 7th cluster, per-cluster IPs, replicas and a list.
  return `apiVersion: v1
kind: Namespace
metadata:
  name: comp-${k}
---
apiVersion: source.toolkit.fluxcd.io/v1
kind: HelmRepository
metadata:
  name: comp-${k}
  namespace: flux-system
spec:
  interval: 1h
  url: https://charts.example.com/comp-${k}
---
apiVersion: helm.toolkit.fluxcd.io/v2
kind: HelmRelease
metadata:
  name: comp-${k}
  namespace: flux-system
spec:
  interval: 30m
  chart:
    spec:
      chart: comp-${k}
      version: 1.${k}.${c % 7 === 0 ? 1 : 0}
      sourceRef:
        kind: HelmRepository
        name: comp-${k}
  targetNamespace: comp-${k}
  values:
    replicas: ${1 + (c % 3)}
    image:
      repository: registry.example.com/comp-${k}
      tag: "2.4.${k}"
    service:
      type: LoadBalancer
      annotations:
        metallb.universe.tf/loadBalancerIPs: 10.${c}.0.${k}
    resources:
      requests:
        cpu: 100m
        memory: 128Mi
    tolerations:
      - key: dedicated
        operator: Equal
        value: ${c % 2 === 0 ? "infra" : "edge"}
        effect: NoSchedule
    logs:
      level: info
      format: json
`;
}

const dirs: string[] = [];
for (let c = 0; c < CLUSTERS; c++) {
  const dir = join(root, "in", `cluster-${String(c).padStart(2, "0")}`);
  for (let k = 0; k < COMPONENTS; k++) {
    const file = join(dir, "infrastructure", `comp-${k}.yaml`);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, component(c, k));
  }
  dirs.push(dir);
}

const heapBefore = process.memoryUsage().heapUsed;
const t0 = performance.now();
const result = extractOverlays({ dirs, cwd: root });
const extractMs = performance.now() - t0;
const heapMb = (process.memoryUsage().heapUsed - heapBefore) / 2 ** 20;
if (!result.ok) throw new Error(JSON.stringify(result.diagnostics.slice(0, 3)));
const { changes, report } = result.value;

const out = join(root, "out");
for (const c of changes) {
  mkdirSync(dirname(join(out, c.path)), { recursive: true });
  writeFileSync(join(out, c.path), c.content);
}
const t1 = performance.now();
for (const d of dirs) {
  const name = d.split("/").pop()!;
  const r = spawnSync("kubectl", ["kustomize", join(out, "clusters", name)], { encoding: "utf8", maxBuffer: 1 << 28 });
  if (r.status !== 0) throw new Error(r.stderr);
}
const buildMs = performance.now() - t1;

console.log(`clusters × components: ${CLUSTERS} × ${COMPONENTS} (${CLUSTERS * COMPONENTS * 3} objects)`);
console.log(
  `extraction (read + plan): ${extractMs.toFixed(0)} ms, heap +${heapMb.toFixed(0)} MiB, peak RSS ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MiB`,
);
console.log(`kubectl kustomize of all ${CLUSTERS} overlays: ${buildMs.toFixed(0)} ms`);
console.log(`ratio extraction / build: ${(extractMs / buildMs).toFixed(2)}× (target ≤ 1×)`);
console.log(`lines: ${report.linesBefore} before → ${report.linesAfter} after (${changes.length} files)`);
rmSync(root, { recursive: true, force: true });
