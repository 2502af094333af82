import { formatDiagnostic, summarizeDiagnostics } from "@infraflux/diagnostics";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { expectGoldenFiles } from "../../../fixtures/golden.ts";
import { runCompile } from "../src/index.ts";

const fixtures = join(import.meta.dirname, "../../../fixtures");
const repo = join(fixtures, "config-repo");
const golden = join(fixtures, "golden/config-compiler");

const cases = [
  { name: "dev", env: "dev", custom: [] },
  { name: "staging", env: "staging", custom: [] },
  { name: "prod-custom", env: "prod", custom: ["custom/prod-hotfix.yaml"] },
] as const;

describe("golden: compile fixtures/config-repo", () => {
  it.each(cases)("$name", ({ name, env, custom }) => {
    const report = runCompile({
      configDir: join(repo, "config"),
      envs: [env],
      customFiles: custom.map((c) => join(repo, c)),
      mode: "dry-run",
    });
    expect(report.diagnostics).toEqual([]);
    expectGoldenFiles(join(golden, name), new Map(report.changes.map((c) => [c.path, c.content])));
  });

  it("is byte-identical across runs and independent of the order environments are compiled in", () => {
    const a = runCompile({ configDir: join(repo, "config"), envs: ["dev", "prod", "staging"], mode: "dry-run" });
    const b = runCompile({ configDir: join(repo, "config"), envs: ["staging", "prod", "dev"], mode: "dry-run" });
    const byPath = (r: typeof a) => Object.fromEntries(r.changes.map((c) => [c.path, c.content]));
    expect(byPath(a)).toEqual(byPath(b));
  });

  it("never writes secret material: secrets become TF_VAR requirements and references", () => {
    const report = runCompile({ configDir: join(repo, "config"), all: true, mode: "dry-run" });
    for (const e of report.environments)
      expect(e.requiredVariables.map((v) => v.name)).toEqual(["TF_VAR_proxmox_password"]);
    // Helm values carry the name and key of an existing Secret: from metadata.name of the SOPS file each environment references
    expect(
      Object.fromEntries(
        report.environments.map((e) => [e.env, e.secretReferences.map((r) => [r.name, r.key, r.nameFrom])]),
      ),
    ).toEqual({
      dev: [["grafana-admin", "admin-password", "secrets/platform/grafana-admin.sops.yaml"]],
      prod: [["grafana-admin-prod", "admin-password", "secrets/prod/grafana-admin.sops.yaml"]],
      staging: [["grafana-admin", "admin-password", "secrets/platform/grafana-admin.sops.yaml"]],
    });
    const tfvars = report.changes.filter((c) => c.path.includes("terraform.tfvars"));
    expect(tfvars).toHaveLength(6);
    for (const c of tfvars) expect(c.content).not.toMatch(/proxmox_password\s*[=:]/);
    const argo = report.changes.find((c) => c.path === "handoff/prod/argocd-cluster.yaml")!;
    expect(argo.content).toContain("infraflux.io/credentials-ref: sops://secrets/prod.sops.yaml#ARGOCD_CLUSTER_TOKEN");
    expect(argo.content).not.toMatch(/bearerToken|password/);
  });
});

const errorCases = [
  { name: "unknown-key", env: "prod", codes: ["unknown-key"] },
  { name: "type-mismatch", env: "prod", codes: ["type-mismatch"] },
  { name: "type-clash", env: "prod", codes: ["type-clash"] },
  { name: "cycle", env: "prod", codes: ["interpolation-cycle"] },
  { name: "dangling-reference", env: "prod", codes: ["dangling-reference", "env-not-allowed"] },
  { name: "missing-environment", env: "prd", codes: ["missing-environment"] },
  { name: "yaml-syntax", env: "prod", codes: ["yaml-syntax"] },
  { name: "duplicate-keys", env: "prod", codes: ["duplicate-key"] },
  { name: "alias-bomb", env: "prod", codes: ["alias-bomb"] },
  { name: "unmapped-placeholder", env: "prod", codes: ["unmapped-placeholder"] },
  { name: "secret-in-variable", env: "prod", codes: ["secret-in-variable", "dangling-reference"] },
  { name: "secret-placeholder", env: "prod", codes: ["secret-in-values"] },
  {
    name: "secret-reference",
    env: "prod",
    codes: [
      "secret-name-encrypted",
      "secret-key-missing",
      "secret-name-required",
      "not-a-secret",
      "missing-secret-file",
    ],
  },
  {
    name: "many-errors",
    env: "prod",
    custom: ["custom.yaml"],
    codes: ["duplicate-key", "type-mismatch", "unknown-key", "dangling-reference"],
  },
] as const;

describe("golden: _error_ cases produce diagnostics with file:line:col", () => {
  it.each(errorCases)("$name", (c) => {
    const input = join(golden, "_error_", c.name, "input");
    const custom = "custom" in c ? c.custom.map((f) => join(input, f)) : [];
    const report = runCompile({
      configDir: join(input, "config"),
      envs: [c.env],
      customFiles: custom,
      mode: "write",
      outDir: join(input, "never-written"),
    });
    const errors = report.diagnostics.filter((d) => d.severity === "error");
    expect(errors.length).toBeGreaterThan(0);
    expect(new Set(errors.map((d) => d.code))).toEqual(new Set(c.codes));
    expect(report.changes).toEqual([]);
    expect(existsSync(join(input, "never-written"))).toBe(false);
    for (const d of errors) {
      expect(d.file, d.message).toBeTruthy();
      if (d.code !== "missing-environment") expect(d.span?.line, d.message).toBeGreaterThan(0);
    }
    const text = [...report.diagnostics.map(formatDiagnostic), summarizeDiagnostics(report.diagnostics)].join("\n");
    expectGoldenFiles(join(golden, "_error_", c.name, "expected"), new Map([["diagnostics.txt", text]]));
  });
});
