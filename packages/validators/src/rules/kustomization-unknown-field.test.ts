import { testRule, y } from "../_rule-test.ts";
import { kustomizationUnknownField } from "./kustomization-unknown-field.ts";

testRule(kustomizationUnknownField, {
  valid: [
    {
      name: "every common field",
      files: {
        "kustomization.yaml": y(
          "apiVersion: kustomize.config.k8s.io/v1beta1",
          "kind: Kustomization",
          "namespace: a",
          "resources: []",
          "patches: []",
          "images: []",
          "labels: []",
          "commonAnnotations: {}",
          "configMapGenerator: []",
          "generatorOptions: {}",
        ),
      },
    },
    {
      name: "a Component",
      files: { Kustomization: y("apiVersion: kustomize.config.k8s.io/v1alpha1", "kind: Component", "patches: []") },
    },
  ],
  invalid: [
    {
      name: "resourcez with a suggestion",
      files: {
        "kustomization.yaml": y(
          "apiVersion: kustomize.config.k8s.io/v1beta1",
          "kind: Kustomization",
          "resourcez:",
          "  - a.yaml",
        ),
      },
      errors: [{ file: "repo/kustomization.yaml", line: 3, column: 1, message: 'Did you mean "resources"' }],
    },
    {
      name: "wrong apiVersion and an unknown field",
      files: { "k/kustomization.yml": y("apiVersion: v1", "kind: Kustomization", "pachtes: []") },
      errors: [
        { file: "repo/k/kustomization.yml", line: 1, column: 13, message: "not a kustomize apiVersion" },
        { file: "repo/k/kustomization.yml", line: 3, column: 1, message: "patches" },
      ],
    },
  ],
});
