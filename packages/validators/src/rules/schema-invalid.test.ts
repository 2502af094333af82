import { testRule, y } from "../_rule-test.ts";
import { schemaInvalid } from "./schema-invalid.ts";

const deploy = (...spec: string[]) =>
  y("apiVersion: apps/v1", "kind: Deployment", "metadata:", "  name: web", "spec:", ...spec);
const hr = (...spec: string[]) =>
  y("apiVersion: helm.toolkit.fluxcd.io/v2", "kind: HelmRelease", "metadata:", "  name: m", "spec:", ...spec);

testRule(schemaInvalid, {
  valid: [
    {
      name: "Deployment",
      files: {
        "d.yaml": deploy(
          "  selector:",
          "    matchLabels: {app: web}",
          "  template:",
          "    spec:",
          "      containers:",
          "        - name: web",
          "          image: nginx",
          "          ports:",
          "            - containerPort: 80",
        ),
      },
    },
    {
      name: "HelmRelease v2 with free-form values",
      files: {
        "h.yaml": hr(
          "  interval: 30m",
          "  chart:",
          "    spec:",
          "    chart: x",
          "  values:",
          "    anything: {goes: [1, 2]}",
        ).replace("    chart: x", "      chart: x\n      sourceRef:\n        kind: HelmRepository\n        name: r"),
      },
    },
    {
      name: "SOPS-encrypted Secret: ENC[] data is not base64 and sops: is not a field",
      files: {
        "s.yaml": y(
          "apiVersion: v1",
          "kind: Secret",
          "metadata:",
          "  name: s",
          "data:",
          "  k: ENC[AES256_GCM,data:abc,iv:x,tag:y,type:str]",
          "sops:",
          "  mac: ENC[AES256_GCM,data:m,iv:x,tag:y,type:str]",
        ),
      },
    },
    {
      name: "patch files and kustomize's own files are not schema-checked",
      files: {
        "kustomization.yaml": y(
          "apiVersion: kustomize.config.k8s.io/v1beta1",
          "kind: Kustomization",
          "patches:",
          "  - path: p.yaml",
        ),
        "p.yaml": hr("  values:", "    a: 1"),
      },
    },
    {
      name: "status is the controller's (status: {} from kubectl dry-run)",
      files: {
        "s.yaml": y(
          "apiVersion: apps/v1",
          "kind: StatefulSet",
          "metadata:",
          "  name: db",
          "spec:",
          "  serviceName: db",
          "  selector: {}",
          "  template: {}",
          "status: {}",
        ),
      },
    },
    {
      name: "Flux postBuild substitution variables",
      files: { "d.yaml": deploy("  replicas: ${REPLICAS}", "  selector: {}", "  template: {}") },
    },
  ],
  invalid: [
    {
      name: "missing required selector, wrong type",
      files: { "d.yaml": deploy("  replicas: two", "  template: {}") },
      errors: [
        { file: "repo/d.yaml", line: 6, column: 3, message: "required property" },
        { file: "repo/d.yaml", line: 6, column: 13, message: "must be integer" },
      ],
    },
    {
      name: "enum and Flux duration",
      files: {
        "h.yaml": hr(
          "  interval: five",
          "  chart:",
          "    spec:",
          "      chart: x",
          "      sourceRef:",
          "        kind: GitRepo",
          "        name: r",
        ),
      },
      errors: [
        { file: "repo/h.yaml", line: 6, column: 13, message: "Go duration" },
        { file: "repo/h.yaml", line: 11, column: 15, message: "GitRepository" },
      ],
    },
    {
      name: "plain Secret data must be base64",
      files: { "s.yaml": y("apiVersion: v1", "kind: Secret", "metadata:", "  name: s", "data:", "  k: not base64!") },
      errors: [{ file: "repo/s.yaml", line: 6, column: 6, message: "byte" }],
    },
    {
      name: "Cluster API Cluster (own closed schema)",
      files: {
        "c.yaml": y(
          "apiVersion: cluster.x-k8s.io/v1beta1",
          "kind: Cluster",
          "metadata:",
          "  name: c",
          "spec:",
          "  controlPlaneEndpoint:",
          "    host: h",
          "    port: '6443'",
        ),
      },
      errors: [{ file: "repo/c.yaml", line: 8, column: 11, message: "must be integer" }],
    },
  ],
});
