import { closestMatch } from "@infraflux/diagnostics";
import { allObjects, dependsOn, findObject, isDependable } from "../_flux.ts";
import { apiGroup } from "../model.ts";
import { findingAt, type Rule } from "../rule.ts";

export const fluxDependsOnExists: Rule = {
  id: "flux-depends-on-exists",
  severity: "error",
  description:
    "Every `spec.dependsOn` entry of a Flux Kustomization or HelmRelease names an object of the same kind in the validated trees (Flux waits forever on a missing one).",
  fix: "Correct the name (and namespace) or add the missing Kustomization/HelmRelease.",
  check(ctx) {
    const all = allObjects(ctx);
    return all
      .filter(({ obj }) => isDependable(obj))
      .flatMap(({ obj }) =>
        dependsOn(obj).flatMap((d) => {
          if (findObject(all, obj.kind, d.name, d.namespace, apiGroup(obj.apiVersion))) return [];
          const names = all
            .filter((o) => o.obj.kind === obj.kind && apiGroup(o.obj.apiVersion) === apiGroup(obj.apiVersion))
            .map((o) => o.obj.name);
          const guess = closestMatch(d.name, names);
          return [
            findingAt(
              this,
              obj.doc,
              ["spec", "dependsOn", d.index, "name"],
              `${obj.kind} "${obj.name}" depends on ${obj.kind} "${d.namespace ? `${d.namespace}/` : ""}${d.name}", which does not exist${guess ? `. Did you mean "${guess}"?` : ""}`,
            ),
          ];
        }),
      );
  },
};
