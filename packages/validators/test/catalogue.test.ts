import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { expectGoldenFiles } from "../../../fixtures/golden.ts";
import { extractMermaidBlocks } from "@infraflux/mermaid";
import { renderFindings, renderJsonReport, renderSarif, renderSummary, rules } from "../src/index.ts";
import { golden, validateFixture } from "./_helpers.ts";

/** Every seeded defect: rule id and file:line. Several per hard rule. */
const seeded: readonly string[] = [
  "yaml-syntax infraflux/broken/syntax.yaml:7",
  "yaml-duplicate-key infraflux/broken/duplicate.yaml:5",
  "yaml-tab-indent infraflux/broken/tabs.yaml:4",
  "yaml-alias-bomb infraflux/broken/alias-bomb.yaml:1",
  "file-unreadable infraflux/broken/binary.yaml:1",
  "file-unreadable infraflux/broken/latin1.yaml:4",
  "symlink-outside-tree infraflux/broken/outside.yaml:1",
  "terraform-syntax infraflux/terraform/broken/bad.tf:1",
  "schema-invalid infraflux/broken/workloads.yaml:6",
  "schema-invalid infraflux/broken/workloads.yaml:21",
  "schema-invalid infraflux/broken/workloads.yaml:23",
  "schema-invalid infraflux/k8s/clusters/lab/flux.yaml:36",
  "schema-unknown-field infraflux/broken/workloads.yaml:6",
  "schema-unknown-field infraflux/broken/workloads.yaml:14",
  "schema-unknown-field infraflux/k8s/clusters/lab/flux.yaml:39",
  "schema-unknown-field platform-gitops/clusters/cluster.yaml:12",
  "schema-unknown-kind infraflux/k8s/clusters/lab/config/pool.yaml:2",
  "kustomization-path-exists infraflux/k8s/clusters/lab/infrastructure/kustomization.yaml:7",
  "kustomization-path-exists infraflux/k8s/clusters/lab/infrastructure/kustomization.yaml:8",
  "kustomization-path-exists infraflux/k8s/clusters/lab/infrastructure/kustomization.yaml:11",
  "kustomization-unknown-field infraflux/k8s/clusters/lab/infrastructure/kustomization.yaml:3",
  "kustomization-is-flux-object infraflux/k8s/clusters/lab/apps/kustomization.yaml:1",
  "kustomization-outside-root infraflux/k8s/clusters/lab/infrastructure/kustomization.yaml:9",
  "kustomization-cycle infraflux/k8s/clusters/lab/cycle-a/kustomization.yaml:4",
  "kustomization-no-helm-charts infraflux/k8s/clusters/lab/charts/kustomization.yaml:3",
  "flux-path-exists infraflux/k8s/clusters/lab/flux.yaml:8",
  "flux-depends-on-exists infraflux/k8s/clusters/lab/flux.yaml:38",
  "flux-depends-on-cycle infraflux/k8s/clusters/lab/flux.yaml:55",
  "flux-depends-on-wait infraflux/k8s/clusters/lab/flux.yaml:4",
  "flux-source-ref-exists infraflux/k8s/clusters/lab/flux.yaml:93",
  "flux-source-ref-exists infraflux/k8s/clusters/lab/infrastructure/helmrelease.yaml:13",
  "argocd-path-exists infraflux/gitops/argocd/apps/monitoring/application.yaml:10",
  "argocd-path-exists platform-gitops/argocd/applications.yaml:10",
  "argocd-path-exists platform-gitops/argocd/applications.yaml:23",
  "argocd-project-exists platform-gitops/argocd/applications.yaml:7",
  "secret-not-encrypted infraflux/broken/plain-secret.yaml:7",
  "secret-not-encrypted platform-gitops/clusters/db-secret.yaml:6",
  "sops-creation-rule-coverage infraflux/broken/plain-secret.yaml:2",
  "sops-creation-rule-coverage platform-gitops/clusters/db-secret.yaml:2",
  "boundary-violation infraflux/gitops/argocd/apps/monitoring/application.yaml:1",
  "boundary-violation infraflux/gitops/argocd/apps/monitoring/application.yaml:2",
  "boundary-violation platform-gitops/clusters/cluster.yaml:2",
  "boundary-violation platform-gitops/terraform/main.tf:1",
  "tfvars-missing-variable infraflux/terraform/environments/staging/terraform.tfvars:1",
  "tfvars-type-mismatch infraflux/terraform/environments/staging/terraform.tfvars:1",
  "tfvars-type-mismatch infraflux/terraform/environments/staging/terraform.tfvars:2",
  "tfvars-type-mismatch infraflux/terraform/environments/staging/terraform.tfvars:6",
  "tfvars-type-mismatch infraflux/terraform/environments/staging/terraform.tfvars:7",
  "tfvars-type-mismatch infraflux/terraform/environments/staging/terraform.tfvars:8",
  "tfvars-unknown-attribute infraflux/terraform/environments/staging/terraform.tfvars:4",
  "tfvars-unknown-variable infraflux/terraform/environments/staging/terraform.tfvars:9",
];

describe("catalogue of seeded defects", async () => {
  const report = await validateFixture("catalogue");
  const found = report.diagnostics.map((d) => `${d.code} ${d.file}:${d.span?.line}`);

  it("finds every seeded defect and nothing else", () => {
    expect([...found].sort()).toEqual([...seeded].sort());
  });

  it("covers every rule except the --build one and file-not-applied (the catalogue has no entry point)", () => {
    const ids = new Set(report.diagnostics.map((d) => d.code));
    expect(rules.map((r) => r.id).filter((id) => !ids.has(id))).toEqual(["file-not-applied", "kustomization-build"]);
  });

  it("matches the golden human and SARIF output", () => {
    expectGoldenFiles(
      join(golden, "catalogue"),
      new Map([
        ["findings.txt", renderFindings(report) + renderSummary(report)],
        ["results.sarif", JSON.stringify(renderSarif(report), null, 2)],
      ]),
    );
  });

  it("draws the dependsOn cycle after its finding, and as `diagram` on that finding in JSON", () => {
    const cycle = report.diagnostics.find((d) => d.code === "flux-depends-on-cycle")!;
    expect([...report.diagrams.keys()]).toEqual([cycle]);
    const text = renderFindings(report);
    const blocks = extractMermaidBlocks(text);
    expect(blocks.map((b) => b.text)).toEqual([report.diagrams.get(cycle)]);
    // The block follows the finding's own lines (message and related locations), before the next finding.
    const lines = text.split("\n");
    const at = lines.findIndex((l) => l.includes("[flux-depends-on-cycle]"));
    expect(lines.slice(at + 1, blocks[0]!.line - 2).every((l) => l.startsWith("  related: "))).toBe(true);
    const json = renderJsonReport(report) as { diagnostics: { code: string; diagram?: string }[] };
    expect(json.diagnostics.filter((d) => d.diagram !== undefined).map((d) => [d.code, d.diagram])).toEqual([
      ["flux-depends-on-cycle", report.diagrams.get(cycle)],
    ]);
  });

  it("SARIF 2.1.0: one result per finding, each with a rule index, level and region", () => {
    const sarif = renderSarif(report) as {
      version: string;
      runs: {
        tool: { driver: { rules: { id: string }[] } };
        results: {
          ruleId: string;
          ruleIndex: number;
          level: string;
          locations: { physicalLocation: { region: { startLine: number } } }[];
        }[];
      }[];
    };
    expect(sarif.version).toBe("2.1.0");
    const run = sarif.runs[0]!;
    expect(run.results).toHaveLength(report.diagnostics.length);
    for (const r of run.results) {
      expect(run.tool.driver.rules[r.ruleIndex]?.id).toBe(r.ruleId);
      expect(["error", "warning", "note"]).toContain(r.level);
      expect(r.locations[0]!.physicalLocation.region.startLine).toBeGreaterThan(0);
    }
  });
});
