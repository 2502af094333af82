import { testRule, y } from "../_rule-test.ts";
import { argocdPathExists } from "./argocd-path-exists.ts";

const app = (repoURL: string, path: string) =>
  y(
    "apiVersion: argoproj.io/v1alpha1",
    "kind: Application",
    "metadata:",
    "  name: a",
    "spec:",
    "  project: default",
    "  source:",
    `    repoURL: ${repoURL}`,
    `    path: ${path}`,
    "  destination:",
    "    server: https://kubernetes.default.svc",
  );

testRule(argocdPathExists, {
  valid: [
    {
      name: "own repository, https and scp URL forms",
      files: {
        "apps/a.yaml":
          app("https://github.com/org/repo.git", "networking/cert-manager") +
          "---\n" +
          app("git@github.com:org/repo", "networking"),
        "networking/cert-manager/k.yaml": "a: 1\n",
      },
    },
    { name: "other repositories are not checked", files: { "a.yaml": app("https://github.com/someone/else", "nope") } },
    {
      name: "templated ApplicationSet path",
      files: {
        "a.yaml": y(
          "apiVersion: argoproj.io/v1alpha1",
          "kind: ApplicationSet",
          "metadata:",
          "  name: s",
          "spec:",
          "  template:",
          "    spec:",
          "      source:",
          "        repoURL: https://github.com/org/repo",
          "        path: 'envs/{{env}}'",
        ),
      },
    },
  ],
  invalid: [
    {
      name: "missing path in this repository",
      files: { "a.yaml": app("https://github.com/org/repo", "observability/prometheus") },
      errors: [{ file: "repo/a.yaml", line: 9, column: 11 }],
    },
    {
      name: "missing path in the other validated repository, via sources[]",
      repos: {
        "platform-gitops": {
          "a.yaml": y(
            "apiVersion: argoproj.io/v1alpha1",
            "kind: Application",
            "metadata:",
            "  name: a",
            "spec:",
            "  sources:",
            "    - repoURL: https://github.com/org/infraflux",
            "      path: clusters/production",
          ),
        },
        infraflux: { "clusters/lab/k.yaml": "a: 1\n" },
      },
      errors: [{ file: "platform-gitops/a.yaml", line: 8, column: 13, message: "infraflux" }],
    },
  ],
});
