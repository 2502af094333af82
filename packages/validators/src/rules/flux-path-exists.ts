import { allObjects, isFluxKustomizationObject, sourceRepository, spec } from "../_flux.ts";
import { resolveRel } from "../model.ts";
import { findingAt, type Rule } from "../rule.ts";

export const fluxPathExists: Rule = {
  id: "flux-path-exists",
  severity: "error",
  description:
    "A Flux Kustomization's `spec.path` is a directory of the repository its `sourceRef` points at (checked when that repository is being validated).",
  fix: "Correct `spec.path` (it is relative to the source's root, e.g. `./clusters/lab/apps`) or create the directory.",
  check(ctx) {
    const all = allObjects(ctx);
    return all
      .filter(({ obj }) => isFluxKustomizationObject(obj))
      .flatMap((self) => {
        const repo = sourceRepository(ctx, all, self);
        if (!repo) return [];
        const raw = spec(self.obj).path;
        const path = typeof raw === "string" ? raw : "./";
        const target = resolveRel("", path);
        if (target !== undefined && repo.dirs.has(target)) return [];
        const where = repo === self.repo ? "this repository" : `repository ${repo.label}`;
        const msg =
          target === undefined
            ? `spec.path "${path}" leaves the source root`
            : repo.files.has(target)
              ? `spec.path "${path}" is a file; Flux expects a directory`
              : `spec.path "${path}" does not exist in ${where}`;
        return [findingAt(this, self.obj.doc, typeof raw === "string" ? ["spec", "path"] : ["spec"], msg)];
      });
  },
};
