import { testRule, y } from "../_rule-test.ts";
import { kustomizationCycle } from "./kustomization-cycle.ts";

const K = "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\n";

testRule(kustomizationCycle, {
  valid: [
    {
      name: "diamond",
      files: {
        "a/kustomization.yaml": K + y("resources:", "  - ../b", "  - ../c"),
        "b/kustomization.yaml": K + y("resources:", "  - ../d"),
        "c/kustomization.yaml": K + y("resources:", "  - ../d"),
        "d/kustomization.yaml": K,
      },
    },
  ],
  invalid: [
    {
      name: "two-node cycle reported once with its path",
      files: {
        "a/kustomization.yaml": K + y("resources:", "  - ../b"),
        "b/kustomization.yaml": K + y("resources:", "  - ../a"),
      },
      errors: [{ file: "repo/a/kustomization.yaml", line: 4, column: 5, message: "a -> b -> a" }],
    },
    {
      name: "three-node cycle through components",
      files: {
        "a/kustomization.yaml": K + y("resources:", "  - ../b"),
        "b/kustomization.yaml": K + y("components:", "  - ../c"),
        "c/kustomization.yaml": K + y("resources:", "  - ok.yaml", "  - ../a"),
        "c/ok.yaml": "a: 1\n",
      },
      errors: [{ file: "repo/a/kustomization.yaml", line: 4, column: 5, message: "a -> b -> c -> a" }],
    },
    {
      name: "self reference",
      files: { "a/kustomization.yaml": K + y("resources:", "  - .") },
      errors: [{ file: "repo/a/kustomization.yaml", line: 4, column: 5, message: "a -> a" }],
    },
  ],
});
