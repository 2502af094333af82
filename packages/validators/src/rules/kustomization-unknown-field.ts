import { closestMatch } from "@infraflux/diagnostics";
import { kustomizationFiles } from "../_kustomize.ts";
import { findingAt, type Rule } from "../rule.ts";

/** Top-level fields of kustomize v5's Kustomization and Component (kustomize.config.k8s.io). */
export const KUSTOMIZATION_FIELDS = [
  "apiVersion",
  "kind",
  "metadata",
  "openapi",
  "namePrefix",
  "nameSuffix",
  "namespace",
  "commonLabels",
  "labels",
  "commonAnnotations",
  "patchesStrategicMerge",
  "patchesJson6902",
  "patches",
  "images",
  "replacements",
  "replicas",
  "vars",
  "sortOptions",
  "resources",
  "components",
  "crds",
  "bases",
  "configMapGenerator",
  "secretGenerator",
  "helmGlobals",
  "helmCharts",
  "helmChartInflationGenerator",
  "generatorOptions",
  "configurations",
  "generators",
  "transformers",
  "validators",
  "buildMetadata",
];

export const kustomizationUnknownField: Rule = {
  id: "kustomization-unknown-field",
  severity: "error",
  description:
    "A kustomization.yaml has only fields kustomize knows (kustomize's strict parse rejects `resourcez:`), and a known apiVersion/kind.",
  fix: "Rename the field to the one kustomize expects (the message suggests the closest), or remove it.",
  check(ctx) {
    return ctx.repos.flatMap((repo) =>
      kustomizationFiles(repo).flatMap((k) => {
        const out = Object.keys(k.value)
          .filter((key) => !KUSTOMIZATION_FIELDS.includes(key))
          .map((key) => {
            const guess = closestMatch(key, KUSTOMIZATION_FIELDS);
            return findingAt(
              this,
              k.doc,
              [key],
              `unknown field "${key}" in kustomization${guess ? `. Did you mean "${guess}"?` : ""}`,
              { key: true },
            );
          });
        const { apiVersion, kind } = k.value;
        if (
          apiVersion !== undefined &&
          apiVersion !== "kustomize.config.k8s.io/v1beta1" &&
          apiVersion !== "kustomize.config.k8s.io/v1alpha1"
        ) {
          out.push(
            findingAt(
              this,
              k.doc,
              ["apiVersion"],
              `apiVersion "${String(apiVersion)}" is not a kustomize apiVersion (expected kustomize.config.k8s.io/v1beta1)`,
            ),
          );
        } else if (kind !== undefined && kind !== "Kustomization" && kind !== "Component") {
          out.push(findingAt(this, k.doc, ["kind"], `kind "${String(kind)}" is not Kustomization or Component`));
        }
        return out;
      }),
    );
  },
};
