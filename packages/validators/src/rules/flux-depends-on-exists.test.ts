import { testRule, y } from "../_rule-test.ts";
import { fluxKs } from "./_flux-fixtures.ts";
import { fluxDependsOnExists } from "./flux-depends-on-exists.ts";

const hr = (name: string, dep: string) =>
  y(
    "apiVersion: helm.toolkit.fluxcd.io/v2",
    "kind: HelmRelease",
    "metadata:",
    `  name: ${name}`,
    "spec:",
    "  dependsOn:",
    `    - name: ${dep}`,
  );

testRule(fluxDependsOnExists, {
  valid: [
    {
      name: "chain across files",
      files: { "a.yaml": fluxKs("crds"), "b.yaml": fluxKs("infra", { dependsOn: ["crds"] }) },
    },
    {
      name: "HelmRelease depends on HelmRelease",
      files: {
        "a.yaml":
          hr("traefik", "metallb") +
          "---\n" +
          y("apiVersion: helm.toolkit.fluxcd.io/v2", "kind: HelmRelease", "metadata:", "  name: metallb"),
      },
    },
  ],
  invalid: [
    {
      name: "typo with a suggestion",
      files: {
        "a.yaml":
          fluxKs("infrastructure") +
          "---\n" +
          fluxKs("apps", { dependsOn: ["infrastructure-configs", "infrastructure"] }),
      },
      errors: [{ file: "repo/a.yaml", line: 24, column: 13, message: "infrastructure-configs" }],
    },
    {
      name: "HelmRelease cannot depend on a Kustomization",
      files: { "a.yaml": `${fluxKs("metallb")}---\n${hr("traefik", "metallb")}` },
      errors: [{ file: "repo/a.yaml", line: 20, column: 13 }],
    },
  ],
});
