import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { loadCompileInput } from "../src/load.ts";
import { planEnvironmentPromotion, planValuesPromotion, promotionRulesOf } from "../src/promote.ts";

const repo = join(import.meta.dirname, "../../../fixtures/promotion-repo");
const loaded = () => loadCompileInput({ configDir: join(repo, "config") });

function plan(from: string, to: string, extra: { paths?: string[]; force?: boolean } = {}) {
  const { input } = loaded();
  const { rules } = promotionRulesOf(input);
  return planEnvironmentPromotion(input, rules, { from, to, ...extra });
}

describe("promote between environments", () => {
  it("copies every promotable value that differs, with minimal edits of the target file", () => {
    const result = plan("staging", "prod");
    expect(result.diagnostics).toEqual([]);
    expect(result.file).toBe("config/environments/prod.yaml");
    expect(result.promoted.map((p) => [p.path, p.edit])).toEqual([
      ["cluster.version", "inserted"],
      ["images.grafana", "replaced"],
      ["images.loki", "replaced"],
      ["charts.cilium.version", "replaced"],
    ]);
    // comments, quoting style of untouched values, blank lines and the secret reference stay byte for byte
    expect(result.after).toBe(
      result.before
        .replace('  grafana: "10.4.1"   #', '  grafana: "11.2.0"   #')
        .replace("  loki: '2.9.6'", '  loki: "3.1.1"')
        .replace("    version: 1.15.6", "    version: 1.16.3")
        .replace(
          "  name: prod-cluster   # the name Argo CD registers\n",
          '$&  version: "1.31.2" # tested for two weeks\n'.replace(" # tested for two weeks", ""),
        ),
    );
    expect(parse(result.after, { logLevel: "error" }).cluster).toEqual({ name: "prod-cluster", version: "1.31.2" });
  });

  it("says where an inherited value came from", () => {
    const version = plan("staging", "prod").promoted.find((p) => p.path === "cluster.version");
    expect(version).toMatchObject({ before: "1.30.4", after: "1.31.2", under: "cluster" });
    expect(version?.inheritedFrom).toBe("config/defaults/00-base.yaml:7:12 [defaults]");
  });

  it("shows the target's compiled outputs before and after", () => {
    const { outputs } = plan("staging", "prod");
    expect(outputs.map((o) => o.path)).toEqual([
      "build/prod/final-config.yaml",
      "kubernetes/overlays/prod/grafana/values.yaml",
      "terraform/environments/prod/terraform.tfvars",
      "terraform/environments/prod/terraform.tfvars.json",
    ]);
    const tfvars = outputs.find((o) => o.path.endsWith(".tfvars"));
    expect(tfvars?.before).toMatch(/kubernetes_version\s+= "1\.30\.4"/);
    expect(tfvars?.after).toMatch(/kubernetes_version\s+= "1\.31\.2"/);
    expect(outputs.find((o) => o.path.includes("grafana"))?.after).toContain("tag: 11.2.0");
  });

  it("narrows to --path and refuses a path that is not promotable unless forced", () => {
    expect(plan("staging", "prod", { paths: ["images.grafana"] }).promoted.map((p) => p.path)).toEqual([
      "images.grafana",
    ]);
    const refused = plan("staging", "prod", { paths: ["cluster.name"] });
    expect(refused.diagnostics.map((d) => [d.code, d.severity])).toEqual([["promote-path", "error"]]);
    expect(refused.after).toBe("");
    const forced = plan("staging", "prod", { paths: ["cluster.name"], force: true });
    expect(forced.promoted.map((p) => [p.path, p.after])).toEqual([["cluster.name", "staging-cluster"]]);
  });

  it("refuses to promote against the order unless forced", () => {
    const back = plan("prod", "staging");
    expect(back.diagnostics[0]).toMatchObject({
      code: "promote-order",
      severity: "error",
      file: "config/infraflux.config.yaml",
    });
    expect(back.diagnostics[0]?.message).toContain("dev → staging → prod");
    expect(plan("prod", "staging", { force: true }).promoted.length).toBeGreaterThan(0);
  });

  it("has nothing to do when the target already holds the source's values", () => {
    const result = plan("dev", "staging");
    expect(result.promoted).toEqual([]);
    expect(result.after).toBe(result.before);
    expect(result.outputs).toEqual([]);
  });

  it("promotes a !secret as a reference, never resolved", () => {
    const { input } = loaded();
    const result = planEnvironmentPromotion(
      input,
      { order: ["staging", "prod"], paths: ["secrets.*"] },
      { from: "staging", to: "prod" },
    );
    expect(result.promoted.map((p) => p.path)).toEqual(["secrets.grafana_admin"]);
    expect(result.after).toContain("grafana_admin: !secret sops://secrets/grafana-admin.sops.yaml#admin-password\n");
  });

  it("does not write a value that a later layer overrides, and says where to change it", () => {
    const { input } = loaded();
    const files = new Map(input.files);
    files.set("config/clusters/prod-cluster.yaml", 'images:\n  loki: "2.9.7"\n');
    const { rules } = promotionRulesOf(input);
    const result = planEnvironmentPromotion({ ...input, files }, rules, { from: "staging", to: "prod" });
    expect(result.promoted.map((p) => p.path)).not.toContain("images.loki");
    expect(result.diagnostics).toMatchObject([
      {
        code: "promote-later-layer",
        severity: "warning",
        file: "config/clusters/prod-cluster.yaml",
        path: "images.loki",
      },
    ]);
  });

  it("is an error when the project declares no promotion", () => {
    const { input } = loaded();
    const project = { ...input.project, config: { ...input.project.config, promotion: undefined } };
    expect(promotionRulesOf({ ...input, project }).diagnostics[0]?.code).toBe("promote-not-configured");
  });
});

describe("promote an application's values file", () => {
  const read = (env: string) =>
    readFileSync(join(repo, `platform-gitops/environments/${env}/values/my-app.yaml`), "utf8");
  it("copies promotable values only, keeping deliberate differences and comments", () => {
    const result = planValuesPromotion(
      { from: "staging/my-app.yaml", fromText: read("staging"), to: "prod/my-app.yaml", toText: read("prod") },
      { order: ["dev", "staging", "prod"], paths: ["**.tag"] },
      { from: "staging", to: "prod" },
    );
    expect(result.promoted.map((p) => [p.path, p.before, p.after])).toEqual([["image.tag", "v1.7.2", "v1.8.0"]]);
    expect(result.after).toBe(read("prod").replace("tag: v1.7.2 #", "tag: v1.8.0 #"));
  });
});
