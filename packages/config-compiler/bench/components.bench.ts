/**
 * Benchmark (issue 15): 1,000 environment × Terraform component outputs from a repository shaped like
 * fixtures/atmos-like-repo (250 stacks importing a region mixin, a stage mixin and a catalog; 4 components
 * inheriting an abstract one, each checked against its own variables.tf). Targets: cold compile < 2 s,
 * `--check` after a one-file change < 1 s.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { applyOutput } from "@infraflux/file-output";
import { COMPILE_MANIFEST, runCompile } from "../src/index.ts";

const ENVS = Number(process.env.BENCH_ENVS ?? 250);
const COMPONENTS = ["vpc", "eks-cluster", "dns", "rds"];
const REGIONS = ["us-east-1", "us-east-2", "us-west-2", "eu-west-1"];
const STAGES = ["dev", "staging", "prod"];

function generate(root: string): void {
  const w = (rel: string, text: string) => {
    mkdirSync(join(root, rel, ".."), { recursive: true });
    writeFileSync(join(root, rel), text);
  };
  const own = (c: string) => `  ${c}:\n    size: 1\n    name: acme-\${vars.stage}-\${component.name}\n    zones: []\n`;
  w(
    "config/infraflux.config.yaml",
    `components:\n  terraform:\n    tagged:\n      abstract: true\n${COMPONENTS.map((c) => `    ${c}:\n      path: build/{env}/{component}.tfvars\n      variablesFile: terraform/components/{component}/variables.tf\n      inherits: [tagged]\n`).join("")}`,
  );
  w(
    "config/defaults/00-globals.yaml",
    `vars:\n  namespace: acme\n  region: ""\n  stage: ""\n  tags:\n    owner: platform\ncomponents:\n  tagged:\n    tags:\n      managed-by: infraflux\n${COMPONENTS.map(own).join("")}`,
  );
  for (const r of REGIONS)
    w(
      `config/mixins/region/${r}.yaml`,
      `vars:\n  region: ${r}\ncomponents:\n${COMPONENTS.map((c) => `  ${c}:\n    zones: [${r}a, ${r}b]\n`).join("")}`,
    );
  for (const [i, s] of STAGES.entries())
    w(
      `config/mixins/stage/${s}.yaml`,
      `vars:\n  stage: ${s}\ncomponents:\n${COMPONENTS.map((c) => `  ${c}:\n    size: ${i + 1}\n`).join("")}`,
    );
  for (const c of COMPONENTS) {
    w(`config/catalog/${c}.yaml`, `components:\n  ${c}:\n    size: 1\n`);
    w(
      `terraform/components/${c}/variables.tf`,
      ["namespace", "region", "stage", "tags", "size", "name", "zones"].map((v) => `variable "${v}" {}\n`).join(""),
    );
  }
  for (let e = 0; e < ENVS; e++) writeEnv(root, e, 0);
}

function writeEnv(root: string, e: number, size: number): void {
  const text = `import:\n  - mixins/region/${REGIONS[e % REGIONS.length]}.yaml\n  - mixins/stage/${STAGES[e % STAGES.length]}.yaml\n  - catalog/*.yaml\n${size ? `components:\n  vpc:\n    size: ${size}\n` : ""}`;
  writeFileSync(join(root, `config/environments/s${String(e).padStart(3, "0")}.yaml`), text);
}

const time = <T>(f: () => T): [T, number] => {
  const t0 = performance.now();
  const v = f();
  return [v, performance.now() - t0];
};

const root = mkdtempSync(join(tmpdir(), "infraflux-bench-components-"));
try {
  mkdirSync(join(root, "config/environments"), { recursive: true });
  generate(root);
  const configDir = join(root, "config");
  const out = join(root, "out");
  const apply = (mode: "write" | "check") => {
    const compiled = runCompile({ configDir, all: true, outDir: out, mode });
    if (compiled.diagnostics.length)
      throw new Error(`bench config has diagnostics: ${JSON.stringify(compiled.diagnostics.slice(0, 3))}`);
    return [compiled, applyOutput(compiled.changes, { outDir: out, mode, manifest: COMPILE_MANIFEST })] as const;
  };
  const [[compiled], coldMs] = time(() => apply("write"));
  const tfvars = compiled.changes.filter((c) => c.path.endsWith(".tfvars")).length;
  const [, warmMs] = time(() => apply("check"));
  writeEnv(root, 7, 9);
  const [[, check], checkMs] = time(() => apply("check"));
  if (check.drift.length === 0) throw new Error("expected drift after the one-file change");
  const rows: [string, string][] = [
    ["stacks × Terraform components", `${ENVS} × ${COMPONENTS.length}`],
    ["environment × component outputs (tfvars)", String(tfvars)],
    ["compile --all, cold (first run in the process, writing files; target < 2 s)", `${coldMs.toFixed(0)} ms`],
    ["compile --check --all, nothing changed", `${warmMs.toFixed(0)} ms`],
    ["compile --check --all after a one-file change (target < 1 s)", `${checkMs.toFixed(0)} ms`],
    ["files reported as drifted", String(check.drift.length)],
  ];
  for (const [k, v] of rows) console.log(`${k.padEnd(78)} ${v}`);
} finally {
  rmSync(root, { recursive: true, force: true });
}
