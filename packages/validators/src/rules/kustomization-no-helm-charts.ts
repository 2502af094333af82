import { kustomizationFiles, kustomizeRefs, type KustomizationFile } from "../_kustomize.ts";
import { allObjects, isFluxKustomizationObject, sourceRepository, spec } from "../_flux.ts";
import { resolveRel } from "../model.ts";
import { findingAt, type Rule } from "../rule.ts";

export const kustomizationNoHelmCharts: Rule = {
  id: "kustomization-no-helm-charts",
  severity: "error",
  description:
    "A kustomization that Flux builds (at or below a Flux Kustomization's `spec.path`, or included from one) has no `helmCharts`/`helmChartInflationGenerator`: Flux does not inflate charts (kustomize-controller #579, wontfix).",
  fix: "Replace the helmCharts entry with a Flux HelmRepository + HelmRelease.",
  check(ctx) {
    const all = allObjects(ctx);
    return ctx.repos.flatMap((repo) => {
      const byDir = new Map<string, KustomizationFile>(kustomizationFiles(repo).map((k) => [k.dir, k]));
      const roots = all
        .filter((l) => isFluxKustomizationObject(l.obj) && sourceRepository(ctx, all, l) === repo)
        .map((l) => resolveRel("", typeof spec(l.obj).path === "string" ? (spec(l.obj).path as string) : "./"))
        .filter((p): p is string => p !== undefined);
      const built = new Set<string>();
      const queue = [...byDir.keys()].filter((d) => roots.some((r) => r === "" || d === r || d.startsWith(`${r}/`)));
      while (queue.length > 0) {
        const d = queue.pop()!;
        if (built.has(d)) continue;
        built.add(d);
        for (const r of kustomizeRefs(byDir.get(d)!.value)) {
          const t = resolveRel(d, r.ref);
          if (t !== undefined && byDir.has(t)) queue.push(t);
        }
      }
      return [...built].sort().flatMap((d) => {
        const k = byDir.get(d)!;
        return ["helmCharts", "helmChartInflationGenerator"]
          .filter((f) => k.value[f] !== undefined)
          .map((f) =>
            findingAt(this, k.doc, [f], `${f} in a kustomization built by Flux; Flux does not inflate Helm charts`, {
              key: true,
            }),
          );
      });
    });
  },
};
