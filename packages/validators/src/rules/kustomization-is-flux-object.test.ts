import { testRule, y } from "../_rule-test.ts";
import { kustomizationIsFluxObject } from "./kustomization-is-flux-object.ts";

const flux = y(
  "apiVersion: kustomize.toolkit.fluxcd.io/v1",
  "kind: Kustomization",
  "metadata:",
  "  name: apps",
  "spec:",
  "  path: ./apps",
);

testRule(kustomizationIsFluxObject, {
  valid: [
    { name: "Flux Kustomization in apps.yaml", files: { "clusters/lab/apps.yaml": flux } },
    {
      name: "kustomize Kustomization in kustomization.yaml",
      files: { "kustomization.yaml": y("apiVersion: kustomize.config.k8s.io/v1beta1", "kind: Kustomization") },
    },
  ],
  invalid: [
    {
      name: "Flux object saved as kustomization.yaml",
      files: { "clusters/lab/kustomization.yaml": flux },
      errors: [{ file: "repo/clusters/lab/kustomization.yaml", line: 1, column: 13 }],
    },
  ],
});
