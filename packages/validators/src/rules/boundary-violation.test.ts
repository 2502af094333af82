import { testRule, y } from "../_rule-test.ts";
import { boundaryViolation } from "./boundary-violation.ts";

const app = y("apiVersion: argoproj.io/v1alpha1", "kind: Application", "metadata:", "  name: monitoring");
const cluster = y("apiVersion: cluster.x-k8s.io/v1beta1", "kind: Cluster", "metadata:", "  name: prod");

testRule(boundaryViolation, {
  valid: [
    {
      name: "each repository holds its own kinds",
      repos: {
        infraflux: { "clusters/c.yaml": cluster, "terraform/main.tf": "" },
        "platform-gitops": { "argocd/a.yaml": app },
      },
    },
    {
      name: "a repository of unknown role is not checked",
      repos: { misc: { "terraform/main.tf": "", "a.yaml": app } },
    },
  ],
  invalid: [
    {
      name: "Argo CD Application under gitops/ in infraflux",
      repos: { infraflux: { "gitops/argocd/a.yaml": app } },
      errors: [
        { file: "infraflux/gitops/argocd/a.yaml", line: 1, column: 1, message: "gitops/argocd/**" },
        { file: "infraflux/gitops/argocd/a.yaml", line: 2, column: 7, message: "argoproj.io/*" },
      ],
    },
    {
      name: "Terraform and Cluster API in platform-gitops",
      repos: { "platform-gitops": { "infra/main.tf": "", "infra/c.yaml": cluster } },
      errors: [
        { file: "platform-gitops/infra/c.yaml", line: 2, column: 7, message: "an infrastructure object" },
        { file: "platform-gitops/infra/main.tf", line: 1, column: 1 },
      ],
    },
    {
      name: "boundaries from a rules file",
      repos: { infraflux: { "apps/x.yaml": y("apiVersion: v1", "kind: ConfigMap", "metadata:", "  name: x") } },
      config: {
        severities: {},
        exclude: [],
        ignore: [],
        boundaries: {
          repositories: [{ match: "infraflux", role: "infrastructure" }],
          infrastructure: { kinds: ["core/ConfigMap"], paths: [] },
          platform: { kinds: [], paths: [] },
        },
      },
      errors: [{ file: "infraflux/apps/x.yaml", line: 2, column: 7, message: "core/ConfigMap" }],
    },
  ],
});
