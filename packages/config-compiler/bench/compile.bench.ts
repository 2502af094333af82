/**
 * Benchmark: 200 environments × 40 components (run by hand: `npx node packages/config-compiler/bench/compile.bench.ts`).
 * Prints total and per-environment compile time, `--check --all` time, peak memory, and the ratio to the floor
 * of only parsing the same YAML files with the same parser (yaml's parseDocument + LineCounter).
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { LineCounter, parseDocument } from "yaml";
import { applyOutput } from "@infraflux/file-output";
import { COMPILE_MANIFEST, runCompile } from "../src/index.ts";

const ENVS = Number(process.env.BENCH_ENVS ?? 200);
const COMPONENTS = Number(process.env.BENCH_COMPONENTS ?? 40);
const pad = (n: number) => String(n).padStart(3, "0");

function generate(root: string): void {
  const w = (rel: string, text: string) => {
    mkdirSync(join(root, rel, ".."), { recursive: true });
    writeFileSync(join(root, rel), text);
  };
  const component = (i: number) =>
    `  c${pad(i)}:\n    enabled: true\n    version: "1.${i}.0"\n    replicas: 1\n    image: "registry.example.com/c${pad(i)}:\${components.c${pad(i)}.version}"\n    resources:\n      cpu: 100m\n      memory: 128Mi\n    args: ["--log-level=info", "--port=80${pad(i)}"]\n    labels: {}\n    pools:\n      - name: default\n        size: 1\n`;
  w(
    "config/defaults/00-base.yaml",
    `cluster:\n  name: ""\n  size: small\n  apiServer: ""\n  id: 0\ncomponents:\n${Array.from({ length: COMPONENTS }, (_, i) => component(i)).join("")}`,
  );
  for (const [size, replicas] of [
    ["small", 1],
    ["medium", 2],
    ["large", 3],
  ] as const)
    w(
      `config/templates/${size}.yaml`,
      `components:\n${Array.from({ length: COMPONENTS }, (_, i) => `  c${pad(i)}:\n    replicas: ${replicas}\n`).join("")}`,
    );
  for (let e = 0; e < ENVS; e++) {
    const size = ["small", "medium", "large"][e % 3];
    const overrides = Array.from({ length: COMPONENTS }, (_, i) => i)
      .filter((i) => (i + e) % 4 === 0)
      .map(
        (i) =>
          `  c${pad(i)}:\n    version: "2.${e}.${i}"\n    resources:\n      memory: ${256 + i}Mi\n    args: !append ["--env=e${pad(e)}"]\n    labels:\n      team: t${i % 7}\n    pools: !merge-by:name\n      - name: default\n        size: ${1 + (e % 5)}\n      - name: extra\n        size: 1\n`,
      )
      .join("");
    w(
      `config/environments/e${pad(e)}.yaml`,
      `cluster:\n  name: cluster-e${pad(e)}\n  size: ${size}\n  apiServer: 10.${e >> 8}.${e & 255}.10\n  id: ${e}\ncomponents:\n${overrides}`,
    );
  }
  w(
    "kubernetes/base/values.yaml",
    'cluster:\n  name: "${CLUSTER_NAME}"\n  id: "${CLUSTER_ID}"\nk8sServiceHost: "${API}"\n',
  );
  const vars = Array.from({ length: COMPONENTS }, (_, i) => `      c${pad(i)}_config: components.c${pad(i)}`).join(
    "\n",
  );
  w(
    "config/infraflux.config.yaml",
    `openPaths: ["components.*.labels"]\noutputs:\n  terraform:\n    path: terraform/environments/{env}/terraform.tfvars\n    variables:\n      cluster_config: cluster\n${vars}\n  helm:\n    - component: cilium\n      template: kubernetes/base/values.yaml\n      path: kubernetes/overlays/{env}/cilium/values.yaml\n      placeholders: { CLUSTER_NAME: cluster.name, CLUSTER_ID: cluster.id, API: cluster.apiServer }\n`,
  );
}

function parseFloor(root: string): number {
  const files = readdirSync(join(root, "config"), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith(".yaml"))
    .map((e) => readFileSync(join(e.parentPath, e.name), "utf8"));
  const t0 = performance.now();
  for (const text of files)
    parseDocument(text, { lineCounter: new LineCounter(), intAsBigInt: true, uniqueKeys: true }).toJS();
  return performance.now() - t0;
}

function time<T>(f: () => T): [T, number] {
  const t0 = performance.now();
  const v = f();
  return [v, performance.now() - t0];
}

const root = mkdtempSync(join(tmpdir(), "infraflux-bench-"));
try {
  generate(root);
  const configDir = join(root, "config");
  const out = join(root, "out");
  parseFloor(root); // warm-up
  const floor = Math.min(parseFloor(root), parseFloor(root), parseFloor(root));
  runCompile({ configDir, all: true, mode: "dry-run" }); // warm-up (JIT)
  const runs = [1, 2, 3].map(() => time(() => runCompile({ configDir, all: true, mode: "dry-run" })));
  const report = runs[0]![0];
  const compileMs = Math.min(...runs.map(([, ms]) => ms));
  if (report.diagnostics.length)
    throw new Error(`bench config has diagnostics: ${JSON.stringify(report.diagnostics.slice(0, 3))}`);
  const apply = (mode: "write" | "check") => {
    const compiled = runCompile({ configDir, all: true, outDir: out, mode });
    return applyOutput(compiled.changes, { outDir: out, mode, manifest: COMPILE_MANIFEST });
  };
  const [, writeMs] = time(() => apply("write"));
  const [check, checkMs] = time(() => apply("check"));
  if (check.drift.length) throw new Error("unexpected drift");
  const peakMb = process.resourceUsage().maxRSS / 1024;
  const rows: [string, string][] = [
    ["environments × components", `${ENVS} × ${COMPONENTS}`],
    ["output files per run", String(report.changes.length)],
    ["parse floor (parseDocument of every input; best of 3)", `${floor.toFixed(0)} ms`],
    ["compile --all (in memory, incl. reading files; best of 3)", `${compileMs.toFixed(0)} ms`],
    ["per environment", `${(compileMs / ENVS).toFixed(2)} ms`],
    ["ratio to the parse floor", `${(compileMs / floor).toFixed(2)}×`],
    ["compile --all (writing files)", `${writeMs.toFixed(0)} ms`],
    ["compile --check --all", `${checkMs.toFixed(0)} ms`],
    ["peak RSS", `${peakMb.toFixed(0)} MB`],
  ];
  for (const [k, v] of rows) console.log(`${k.padEnd(60)} ${v}`);
} finally {
  rmSync(root, { recursive: true, force: true });
}
