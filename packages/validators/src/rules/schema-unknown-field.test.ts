import { testRule, y } from "../_rule-test.ts";
import { schemaUnknownField } from "./schema-unknown-field.ts";

testRule(schemaUnknownField, {
  valid: [
    {
      name: "labels, annotations and Helm values are open maps",
      files: {
        "a.yaml": y(
          "apiVersion: helm.toolkit.fluxcd.io/v2",
          "kind: HelmRelease",
          "metadata:",
          "  name: m",
          "  labels: {anything: x}",
          "  annotations: {a/b: c}",
          "spec:",
          "  values:",
          "    whatever:",
          "      deep: {x: 1}",
        ),
      },
    },
    {
      name: "AppProject spec.description (a known model gap)",
      files: {
        "p.yaml": y(
          "apiVersion: argoproj.io/v1alpha1",
          "kind: AppProject",
          "metadata:",
          "  name: p",
          "spec:",
          "  description: d",
        ),
      },
    },
    {
      name: "cert-manager ClusterIssuer",
      files: {
        "c.yaml": y(
          "apiVersion: cert-manager.io/v1",
          "kind: ClusterIssuer",
          "metadata:",
          "  name: le",
          "spec:",
          "  acme:",
          "    server: https://x",
          "    privateKeySecretRef:",
          "      name: k",
          "    solvers:",
          "      - http01:",
          "          ingress:",
          "            ingressClassName: traefik",
        ),
      },
    },
  ],
  invalid: [
    {
      name: "spec.replicaz and containers[].imagee",
      files: {
        "d.yaml": y(
          "apiVersion: apps/v1",
          "kind: Deployment",
          "metadata:",
          "  name: w",
          "spec:",
          "  replicaz: 2",
          "  selector: {}",
          "  template:",
          "    spec:",
          "      containers:",
          "        - name: w",
          "          imagee: nginx",
        ),
      },
      errors: [
        { file: "repo/d.yaml", line: 6, column: 3, message: 'Did you mean "replicas"' },
        { file: "repo/d.yaml", line: 12, column: 11, message: 'Did you mean "image"' },
      ],
    },
    {
      name: "misspelt Flux dependsOn",
      files: {
        "k.yaml": y(
          "apiVersion: kustomize.toolkit.fluxcd.io/v1",
          "kind: Kustomization",
          "metadata:",
          "  name: k",
          "spec:",
          "  interval: 1h",
          "  prune: true",
          "  dependson: [{name: x}]",
          "  sourceRef: {kind: GitRepository, name: flux-system}",
        ),
      },
      errors: [{ file: "repo/k.yaml", line: 8, column: 3, message: 'Did you mean "dependsOn"' }],
    },
    {
      name: "top-level and metadata typos",
      files: {
        "c.yaml": y("apiVersion: v1", "kind: ConfigMap", "metadata:", "  name: c", "  namespce: x", "date:", "  a: b"),
      },
      errors: [
        { file: "repo/c.yaml", line: 5, column: 3, message: "namespace" },
        { file: "repo/c.yaml", line: 6, column: 1, message: "data" },
      ],
    },
    {
      name: "Argo CD Application and Cluster API",
      files: {
        "a.yaml": y(
          "apiVersion: argoproj.io/v1alpha1",
          "kind: Application",
          "metadata:",
          "  name: a",
          "spec:",
          "  project: default",
          "  destination: {server: x}",
          "  source: {repoURL: x, pathh: y}",
        ),
        "c.yaml": y(
          "apiVersion: cluster.x-k8s.io/v1beta1",
          "kind: Cluster",
          "metadata:",
          "  name: c",
          "spec:",
          "  infrastructureRefz: {}",
        ),
      },
      errors: [
        { file: "repo/a.yaml", line: 8, column: 24 },
        { file: "repo/c.yaml", line: 6, column: 3 },
      ],
    },
  ],
});
