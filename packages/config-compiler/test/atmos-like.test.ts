import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { expectGoldenFiles } from "../../../fixtures/golden.ts";
import { hasTool } from "../../../fixtures/oracles.ts";
import { compileConfig, formatExplain, runCompile, runExplain } from "../src/index.ts";
import { runAffected } from "../src/affected.ts";
import { loadCompileInput } from "../src/load.ts";
import { readBackThroughTerraform } from "./_terraform.ts";

/** The "done when" of issue 15: a repository shaped like an Atmos quick-start, compiled without flattening. */
const repo = join(import.meta.dirname, "../../../fixtures/atmos-like-repo");
const ENVS = ["ue2-dev", "ue2-prod", "uw2-prod"];
const COMPONENTS = ["vpc", "eks-cluster"];

const compileAll = () => {
  const loaded = loadCompileInput({ configDir: join(repo, "config") });
  expect(loaded.diagnostics).toEqual([]);
  return compileConfig(loaded.input, { envs: ENVS });
};
const content = (r: ReturnType<typeof compileAll>, env: string, path: string) =>
  r.environments.find((e) => e.env === env)?.changes.find((c) => c.path === path)?.content;

describe("fixtures/atmos-like-repo", () => {
  it("compiles with no diagnostics: one tfvars pair per environment × Terraform component, none for the abstract one", () => {
    const r = compileAll();
    expect(r.diagnostics).toEqual([]);
    for (const env of ENVS) {
      const paths = r.environments
        .find((e) => e.env === env)!
        .changes.map((c) => c.path)
        .filter((p) => p.endsWith(".tfvars"));
      expect(paths.sort()).toEqual(COMPONENTS.map((c) => `build/${env}/${c}.tfvars`).sort());
    }
    expect(JSON.parse(content(r, "uw2-prod", "build/uw2-prod/vpc.tfvars.json")!)).toEqual({
      namespace: "acme",
      region: "us-west-2",
      stage: "prod",
      tags: { owner: "platform", "managed-by": "infraflux" },
      cidr_block: "10.2.0.0/16",
      nat_gateway_enabled: true,
      availability_zones: ["us-west-2a", "us-west-2b", "us-west-2c"],
    });
    expect(JSON.parse(content(r, "ue2-dev", "build/ue2-dev/eks-cluster.tfvars.json")!)).toMatchObject({
      region: "us-east-2",
      stage: "dev",
      kubernetes_version: "1.30",
      node_count: 1,
      instance_types: ["t3.medium"],
    });
  });

  it("golden: every stack's outputs (fixtures/golden/config-compiler/atmos-like-repo/)", () => {
    const report = runCompile({ configDir: join(repo, "config"), all: true, mode: "dry-run" });
    expect(report.diagnostics).toEqual([]);
    expectGoldenFiles(
      join(import.meta.dirname, "../../../fixtures/golden/config-compiler/atmos-like-repo"),
      new Map(report.changes.map((c) => [c.path, c.content])),
    );
  });

  it("explain --component shows the chain through the imports", () => {
    const explain = runExplain({
      configDir: join(repo, "config"),
      env: "ue2-prod",
      key: "node_count",
      component: "eks-cluster",
    });
    expect(explain.diagnostics).toEqual([]);
    const text = formatExplain(explain.explanation!);
    expect(text).toContain("config/defaults/00-globals.yaml");
    expect(text).toContain("config/mixins/stage/prod.yaml");
    expect(explain.explanation).toMatchObject({ found: true, value: "3" });
    const region = runExplain({ configDir: join(repo, "config"), env: "uw2-prod", key: "region", component: "vpc" });
    expect(region.explanation!.steps.map((s) => s.file)).toEqual([
      "config/defaults/00-globals.yaml",
      "config/mixins/region/us-west-2.yaml",
    ]);
  });

  it("compile --affected --base lists exactly the environments and component files a one-file change affects", () => {
    const dir = mkdtempSync(join(tmpdir(), "infraflux-atmos-affected-"));
    try {
      cpSync(repo, dir, { recursive: true });
      const git = (...args: string[]) => {
        const g = spawnSync("git", args, { cwd: dir, encoding: "utf8" });
        expect(g.status, g.stderr).toBe(0);
      };
      git("init", "-q");
      git("add", "-A");
      git("-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "-m", "base");
      const mixin = join(dir, "config/mixins/region/us-east-2.yaml");
      writeFileSync(mixin, readFileSync(mixin, "utf8").replace("us-east-2b]", "us-east-2b, us-east-2c]"));
      const report = runAffected({ configDir: join(dir, "config"), base: "HEAD" });
      expect(report.diagnostics).toEqual([]);
      expect(report.environments).toEqual([
        {
          env: "ue2-dev",
          status: "changed",
          files: ["build/ue2-dev/final-config.yaml", "build/ue2-dev/vpc.tfvars", "build/ue2-dev/vpc.tfvars.json"],
        },
        {
          env: "ue2-prod",
          status: "changed",
          files: ["build/ue2-prod/final-config.yaml", "build/ue2-prod/vpc.tfvars", "build/ue2-prod/vpc.tfvars.json"],
        },
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe.skipIf(!hasTool("terraform"))("terraform oracle: fixtures/atmos-like-repo", () => {
  const r = compileAll();
  it.each(ENVS.flatMap((env) => COMPONENTS.map((c) => [env, c] as const)))(
    "real terraform reads back %s's %s tfvars (HCL and JSON) against the component's variables.tf",
    (env, component) => {
      const variablesTf = readFileSync(join(repo, `terraform/components/${component}/variables.tf`), "utf8");
      const names = [...variablesTf.matchAll(/variable "([^"]+)"/g)].map((m) => m[1]!);
      const path = `build/${env}/${component}.tfvars`;
      const reading = readBackThroughTerraform(
        variablesTf,
        content(r, env, path)!,
        content(r, env, `${path}.json`)!,
        names,
      );
      expect(reading.fmtOk, reading.fmtDiff).toBe(true);
      expect(reading.warnings).not.toMatch(/undeclared variable/i);
      expect(reading.hclText).toBe(reading.jsonText);
      expect(JSON.parse(reading.hclText)).toEqual(JSON.parse(content(r, env, `${path}.json`)!));
    },
  );
});
