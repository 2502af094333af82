import { testRule, y } from "../_rule-test.ts";
import { kustomizationOutsideRoot } from "./kustomization-outside-root.ts";

const K = "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\n";

testRule(kustomizationOutsideRoot, {
  valid: [
    {
      name: "directories outside the root are allowed",
      files: {
        "o/kustomization.yaml": K + y("resources:", "  - ../base", "  - sub/cm.yaml"),
        "base/kustomization.yaml": K,
        "o/sub/cm.yaml": "a: 1\n",
      },
    },
    {
      name: "a kustomization Flux renders (kustomize-controller has no load restrictor)",
      files: {
        "clusters/prod/flux-system/gotk-sync.yaml": y(
          "apiVersion: kustomize.toolkit.fluxcd.io/v1",
          "kind: Kustomization",
          "metadata: { name: flux-system, namespace: flux-system }",
          "spec:",
          "  interval: 10m",
          "  path: ./apps",
          "  prune: true",
          "  sourceRef: { kind: GitRepository, name: flux-system }",
        ),
        "apps/kustomization.yaml": K + y("resources:", "  - ../components/cm.yaml"),
        "components/cm.yaml": y("apiVersion: v1", "kind: ConfigMap", "metadata: { name: c }"),
      },
    },
  ],
  invalid: [
    {
      name: "a resource file and a patch file outside the root",
      files: {
        "o/kustomization.yaml":
          K + y("resources:", "  - ../base/cm.yaml", "patches:", "  - path: ../shared/patch.yaml"),
        "base/cm.yaml": "a: 1\n",
        "shared/patch.yaml": "a: 2\n",
      },
      errors: [
        { file: "repo/o/kustomization.yaml", line: 4, column: 5 },
        { file: "repo/o/kustomization.yaml", line: 6, column: 11 },
      ],
    },
  ],
});
