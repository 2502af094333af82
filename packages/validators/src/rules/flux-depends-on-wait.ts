import { allObjects, dependsOn, isFluxKustomizationObject, spec } from "../_flux.ts";
import { resolveInScopes } from "../_scope.ts";
import { apiGroup, type K8sObject } from "../model.ts";
import { findingAt, type Rule } from "../rule.ts";

export const fluxDependsOnWait: Rule = {
  id: "flux-depends-on-wait",
  severity: "warning",
  description:
    'A Flux Kustomization that others depend on sets `wait: true` or `healthChecks`; otherwise Ready means only "applied" and dependants start before it is healthy.',
  fix: "Add `spec.wait: true` (or `spec.healthChecks`) to the depended-on Kustomization.",
  check(ctx) {
    const all = allObjects(ctx);
    const dependedOn = new Map<K8sObject, string[]>();
    for (const { obj } of all) {
      if (!isFluxKustomizationObject(obj)) continue;
      for (const d of dependsOn(obj)) {
        const t = resolveInScopes(ctx, obj, obj.kind, d.name, d.namespace, apiGroup(obj.apiVersion));
        if (t && !t.obj.generatedBy) dependedOn.set(t.obj, [...(dependedOn.get(t.obj) ?? []), obj.name]);
      }
    }
    return [...dependedOn].flatMap(([obj, dependants]) => {
      const s = spec(ctx.applied?.effective(obj) ?? obj); // wait may come from a parent's patch
      if (s.wait === true || (Array.isArray(s.healthChecks) && s.healthChecks.length > 0)) return [];
      return [
        findingAt(
          this,
          obj.doc,
          s.wait === undefined ? ["metadata", "name"] : ["spec", "wait"],
          `Kustomization "${obj.name}" is depended on by ${[...new Set(dependants)].sort().join(", ")} but has neither wait: true nor healthChecks`,
        ),
      ];
    });
  },
};
