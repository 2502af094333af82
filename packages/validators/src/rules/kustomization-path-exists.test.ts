import { testRule, y } from "../_rule-test.ts";
import { kustomizationPathExists } from "./kustomization-path-exists.ts";

const K = "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\n";
const cm = y("apiVersion: v1", "kind: ConfigMap", "metadata:", "  name: x");

testRule(kustomizationPathExists, {
  valid: [
    {
      name: "files, bases, components, patches and generators that exist; remote bases skipped",
      files: {
        "app/kustomization.yaml":
          K +
          y(
            "resources:",
            "  - cm.yaml",
            "  - ../base",
            "  - https://github.com/org/x//base?ref=v1",
            "components:",
            "  - ../comp",
            "patches:",
            "  - path: p.yaml",
            "  - patch: |-",
            "      - op: remove",
            "configMapGenerator:",
            "  - name: v",
            "    files:",
            "      - values.yaml=vals.yaml",
            "    envs:",
            "      - .env",
          ),
        "app/cm.yaml": cm,
        "app/p.yaml": cm,
        "app/vals.yaml": "a: 1\n",
        "app/.env": "A=1\n",
        "base/kustomization.yaml": K + y("resources: []"),
        "comp/kustomization.yaml": y("apiVersion: kustomize.config.k8s.io/v1alpha1", "kind: Component"),
      },
    },
  ],
  invalid: [
    {
      name: "missing resource file, missing patch, missing generator file",
      files: {
        "app/kustomization.yaml":
          K +
          y(
            "resources:",
            "  - gone.yaml",
            "patches:",
            "  - path: nope.yaml",
            "secretGenerator:",
            "  - name: s",
            "    files:",
            "      - key=missing.txt",
          ),
      },
      errors: [
        { file: "repo/app/kustomization.yaml", line: 4, column: 5, message: "gone.yaml" },
        { file: "repo/app/kustomization.yaml", line: 6, column: 11, message: "nope.yaml" },
        { file: "repo/app/kustomization.yaml", line: 10, column: 9, message: "missing.txt" },
      ],
    },
    {
      name: "directory without a kustomization, a file where a directory is expected, a path leaving the repository",
      files: {
        "app/kustomization.yaml":
          K + y("resources:", "  - ../plain", "components:", "  - cm.yaml", "  - ../../../outside"),
        "app/cm.yaml": cm,
        "plain/cm.yaml": cm,
      },
      errors: [
        { file: "repo/app/kustomization.yaml", line: 4, column: 5, message: "without kustomization.yaml" },
        { file: "repo/app/kustomization.yaml", line: 6, column: 5, message: "is a file" },
        { file: "repo/app/kustomization.yaml", line: 7, column: 5, message: "outside the repository" },
      ],
    },
  ],
});
