import { testRule, y } from "../_rule-test.ts";
import { fluxKs } from "./_flux-fixtures.ts";
import { kustomizationNoHelmCharts } from "./kustomization-no-helm-charts.ts";

const K = "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\n";
const charts = K + y("helmCharts:", "  - name: podinfo", "    repo: https://x", "    version: 1.0.0");

testRule(kustomizationNoHelmCharts, {
  valid: [
    {
      name: "helmCharts outside any Flux path (plain kustomize with --enable-helm)",
      files: {
        "flux.yaml": fluxKs("apps", { path: "./apps" }),
        "apps/kustomization.yaml": K,
        "tools/kustomization.yaml": charts,
      },
    },
  ],
  invalid: [
    {
      name: "at the Flux path and in a base it includes",
      files: {
        "flux.yaml": fluxKs("apps", { path: "./apps" }),
        "apps/kustomization.yaml": charts.replace("helmCharts:", "resources:\n  - ../base\nhelmCharts:"),
        "base/kustomization.yaml": K + y("helmChartInflationGenerator: []"),
      },
      errors: [
        { file: "repo/apps/kustomization.yaml", line: 5, column: 1 },
        { file: "repo/base/kustomization.yaml", line: 3, column: 1 },
      ],
    },
  ],
});
