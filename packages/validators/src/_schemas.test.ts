import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { hasSchema, MODEL_GAPS } from "./_schemas.ts";

function installedVersion(pkg: string): string {
  const entry = createRequire(import.meta.url).resolve(`${pkg}/package.json`, { paths: [import.meta.dirname] });
  return (JSON.parse(readFileSync(entry, "utf8")) as { version: string }).version;
}

describe("pinned @kubernetes-models packages", () => {
  it("are the versions the closed schemas and the model-gap list were checked against", () => {
    expect({
      "kubernetes-models": installedVersion("kubernetes-models"),
      "@kubernetes-models/flux-cd": installedVersion("@kubernetes-models/flux-cd"),
      "@kubernetes-models/argo-cd": installedVersion("@kubernetes-models/argo-cd"),
      "@kubernetes-models/cert-manager": installedVersion("@kubernetes-models/cert-manager"),
    }).toEqual({
      "kubernetes-models": "5.1.0",
      "@kubernetes-models/flux-cd": "4.0.0",
      "@kubernetes-models/argo-cd": "4.0.0",
      "@kubernetes-models/cert-manager": "6.0.0",
    });
  });

  it("know the kinds the issue names (HelmRelease v2 is the version trap of flux-cd 2.x)", () => {
    for (const [apiVersion, kind] of [
      ["helm.toolkit.fluxcd.io/v2", "HelmRelease"],
      ["kustomize.toolkit.fluxcd.io/v1", "Kustomization"],
      ["source.toolkit.fluxcd.io/v1", "HelmRepository"],
      ["source.toolkit.fluxcd.io/v1", "GitRepository"],
      ["source.toolkit.fluxcd.io/v1", "OCIRepository"],
      ["argoproj.io/v1alpha1", "Application"],
      ["argoproj.io/v1alpha1", "ApplicationSet"],
      ["argoproj.io/v1alpha1", "AppProject"],
      ["cert-manager.io/v1", "Certificate"],
      ["cert-manager.io/v1", "ClusterIssuer"],
      ["apps/v1", "Deployment"],
      ["cluster.x-k8s.io/v1beta1", "Cluster"],
    ])
      expect(hasSchema(apiVersion!, kind!), `${apiVersion} ${kind}`).toBe(true);
  });

  it("model gaps are still gaps (drop an entry when an upgrade adds the field)", () => {
    const spec = readFileSync(
      join(
        dirname(
          createRequire(import.meta.url).resolve("@kubernetes-models/argo-cd/package.json", {
            paths: [import.meta.dirname],
          }),
        ),
        "_schemas/ComGithubArgoprojArgoCdV3PkgApisApplicationV1alpha1AppProjectSpec.js",
      ),
      "utf8",
    );
    expect(MODEL_GAPS["argoproj.io/v1alpha1/AppProject"]).toEqual(["spec.description"]);
    expect(spec).not.toContain("data.description");
  });
});
