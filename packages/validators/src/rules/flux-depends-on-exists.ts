import { closestMatch } from "@infraflux/diagnostics";
import { allObjects, dependsOn, isDependable } from "../_flux.ts";
import { inClusters, missingIn } from "../_scope.ts";
import { apiGroup } from "../model.ts";
import { findingAt, type Rule } from "../rule.ts";

export const fluxDependsOnExists: Rule = {
  id: "flux-depends-on-exists",
  severity: "error",
  description:
    "Every `spec.dependsOn` entry of a Flux Kustomization or HelmRelease names an object of the same kind applied in the same cluster (each entry point is its own graph; the validated trees when there are none). Flux waits forever on a missing one.",
  fix: "Correct the name (and namespace) or add the missing Kustomization/HelmRelease.",
  check(ctx) {
    const all = allObjects(ctx);
    return all
      .filter(({ obj }) => isDependable(obj))
      .flatMap(({ obj }) =>
        dependsOn(obj).flatMap((d) => {
          const missing = missingIn(ctx, obj, obj.kind, d.name, d.namespace, apiGroup(obj.apiVersion));
          if (missing.length === 0) return [];
          const names = missing
            .flatMap((m) => m.objects)
            .filter((o) => o.obj.kind === obj.kind && apiGroup(o.obj.apiVersion) === apiGroup(obj.apiVersion))
            .map((o) => o.obj.name);
          const guess = closestMatch(d.name, names);
          return [
            findingAt(
              this,
              obj.doc,
              ["spec", "dependsOn", d.index, "name"],
              `${obj.kind} "${obj.name}" depends on ${obj.kind} "${d.namespace ? `${d.namespace}/` : ""}${d.name}", which does not exist${inClusters(missing)}${guess ? `. Did you mean "${guess}"?` : ""}`,
            ),
          ];
        }),
      );
  },
};
