import { testRule, y } from "../_rule-test.ts";
import { fluxKs } from "./_flux-fixtures.ts";
import { fluxSourceRefExists } from "./flux-source-ref-exists.ts";

const repo = (kind: string, name: string) =>
  y(
    `apiVersion: source.toolkit.fluxcd.io/v1`,
    `kind: ${kind}`,
    "metadata:",
    `  name: ${name}`,
    "  namespace: flux-system",
    "spec:",
    "  interval: 1h",
    "  url: https://x",
  );
const hr = (name: string, source: string) =>
  y(
    "apiVersion: helm.toolkit.fluxcd.io/v2",
    "kind: HelmRelease",
    "metadata:",
    `  name: ${name}`,
    "spec:",
    "  chart:",
    "    spec:",
    `      chart: ${name}`,
    "      sourceRef:",
    "        kind: HelmRepository",
    `        name: ${source}`,
  );

testRule(fluxSourceRefExists, {
  valid: [
    {
      name: "bootstrap flux-system is assumed; HelmRepository exists",
      files: {
        "a.yaml": fluxKs("apps"),
        "b.yaml": `${hr("metallb", "metallb")}---\n${repo("HelmRepository", "metallb")}`,
      },
    },
    {
      name: "OCIRepository source",
      files: {
        "a.yaml": `${fluxKs("apps", { source: "oci", sourceKind: "OCIRepository" })}---\n${repo("OCIRepository", "oci")}`,
      },
    },
  ],
  invalid: [
    {
      name: "misspelt HelmRepository",
      files: { "b.yaml": `${hr("metallb", "metalb")}---\n${repo("HelmRepository", "metallb")}` },
      errors: [{ file: "repo/b.yaml", line: 11, column: 15, message: "metalb" }],
    },
    {
      name: "missing GitRepository and a non-source kind",
      files: { "a.yaml": `${fluxKs("apps", { source: "platform" })}---\n${fluxKs("b", { sourceKind: "ConfigMap" })}` },
      errors: [
        { file: "repo/a.yaml", line: 12, column: 11 },
        { file: "repo/a.yaml", line: 24, column: 11, message: "not a Flux source kind" },
      ],
    },
  ],
});
