// Extraction across 50 clusters × 40 components: time and peak memory, against yardsticks that read and parse
// the same duplicated trees:
// - the peer: `kubectl kustomize` building every input cluster tree once (what a user of the duplicated trees runs
//   today), one process per tree; shown whole and without its process start-ups, measured as as many builds of an
//   empty kustomization (kustomize cannot build all trees in one process: the copies share object ids, and it
//   never renames Namespaces). Target: extraction ≤ 1× the peer's work without start-ups.
// - the parse floor: yaml's parseAllDocuments + toJS of every input file, in-process.
// Every figure is the best of three runs. Run: node packages/overlay-gen/bench/extract.bench.ts (needs kubectl).
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join } from "node:path";
import { extractOverlays } from "@infraflux/overlay-gen";
import { parseAllDocuments } from "yaml";

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
const inputFiles = dirs.flatMap((d) =>
  Array.from({ length: COMPONENTS }, (_, k) => join(d, "infrastructure", `comp-${k}.yaml`)),
);

// The peer's input: a kustomization per cluster tree listing its files (the trees themselves stay plain YAML).
const peer = join(root, "peer");
for (const d of dirs) {
  const files = Array.from({ length: COMPONENTS }, (_, k) => `  - ${join(d, "infrastructure", `comp-${k}.yaml`)}`);
  mkdirSync(join(peer, basename(d)), { recursive: true });
  writeFileSync(join(peer, basename(d), "kustomization.yaml"), `resources:\n${files.join("\n")}\n`);
}
mkdirSync(join(peer, "empty"), { recursive: true });
writeFileSync(join(peer, "empty", "kustomization.yaml"), "resources: []\n");

function kustomize(dir: string): void {
  const r = spawnSync("kubectl", ["kustomize", "--load-restrictor", "LoadRestrictionsNone", dir], {
    encoding: "utf8",
    maxBuffer: 1 << 28,
  });
  if (r.status !== 0) throw new Error(r.stderr);
}

/** Best of three runs of `f` (ms), and the value of the last one. */
function bestOfThree<T>(f: () => T): [T, number] {
  let best = Number.POSITIVE_INFINITY;
  let value: T | undefined;
  for (let i = 0; i < 3; i++) {
    const t = performance.now();
    value = f();
    best = Math.min(best, performance.now() - t);
  }
  return [value as T, best];
}

const [result, extractMs] = bestOfThree(() => extractOverlays({ dirs, cwd: root }));
if (!result.ok) throw new Error(JSON.stringify(result.diagnostics.slice(0, 3)));
const { changes, report } = result.value;
const peakRssMib = process.resourceUsage().maxRSS / 1024; // KiB → MiB: the process's real peak so far

const [, peerMs] = bestOfThree(() => {
  for (const d of dirs) kustomize(join(peer, basename(d)));
});
const [, startupMs] = bestOfThree(() => {
  for (let i = 0; i < dirs.length; i++) kustomize(join(peer, "empty"));
});
const [, floorMs] = bestOfThree(() => {
  for (const f of inputFiles) for (const doc of parseAllDocuments(readFileSync(f, "utf8"))) doc.toJS();
});
const peerWorkMs = peerMs - startupMs;

const row = (label: string, ms: number) => console.log(`${label.padEnd(72)} ${ms.toFixed(0)} ms`);
console.log(
  `clusters × components: ${CLUSTERS} × ${COMPONENTS} (${CLUSTERS * COMPONENTS * 3} objects); best of 3 each`,
);
row("extraction (read + plan)", extractMs);
row(`peer: kubectl kustomize of each of the ${CLUSTERS} input trees`, peerMs);
row(`  of which process start-ups (${CLUSTERS} builds of an empty kustomization)`, startupMs);
row("  the peer's work without start-ups", peerWorkMs);
row("parse floor: parseAllDocuments + toJS of every input file", floorMs);
console.log(
  `ratio extraction / the peer's work without start-ups: ${(extractMs / peerWorkMs).toFixed(2)}× (target ≤ 1×)`,
);
console.log(`ratio extraction / parse floor: ${(extractMs / floorMs).toFixed(2)}×`);
console.log(`peak RSS (process.resourceUsage().maxRSS, after extraction): ${peakRssMib.toFixed(0)} MiB`);
console.log(`lines: ${report.linesBefore} before → ${report.linesAfter} after (${changes.length} files)`);
rmSync(root, { recursive: true, force: true });
