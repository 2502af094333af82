import { kustomizationFiles, kustomizeRefs } from "../_kustomize.ts";
import { resolveRel } from "../model.ts";
import { findingAt, type Rule } from "../rule.ts";

export const kustomizationOutsideRoot: Rule = {
  id: "kustomization-outside-root",
  severity: "warning",
  description:
    "A kustomization loads a file outside its own directory. Flux builds without the load restrictor and accepts it; plain `kubectl kustomize` (and Argo CD by default) refuses it (`security; file ... is not in or below ...`). Not reported for a kustomization a Flux entry point renders.",
  fix: "Reference the directory that holds the file (give it a kustomization.yaml) instead of the file, or move the file under the kustomization root.",
  check(ctx) {
    return ctx.repos.flatMap((repo) => {
      // kustomize-controller builds without the load restrictor: a kustomization only Flux renders is fine as it is.
      // (The rules see a filtered copy of each repository: match the applied model's by label.)
      const renderedByFlux = [...(ctx.applied?.reached ?? [])].find(([r]) => r.label === repo.label)?.[1];
      return kustomizationFiles(repo)
        .filter((k) => !renderedByFlux?.has(k.doc.rel))
        .flatMap((k) =>
          kustomizeRefs(k.value).flatMap((r) => {
            const target = resolveRel(k.dir, r.ref);
            if (target === undefined || !repo.files.has(target)) return [];
            const inside = k.dir === "" || target.startsWith(`${k.dir}/`);
            return inside
              ? []
              : [
                  findingAt(
                    this,
                    k.doc,
                    r.docPath,
                    `${r.field} entry "${r.ref}" is a file outside the kustomization root ${k.dir || "."}; kubectl kustomize rejects it under the default load restrictor`,
                  ),
                ];
          }),
        );
    });
  },
};
