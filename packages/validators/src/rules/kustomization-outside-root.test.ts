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
