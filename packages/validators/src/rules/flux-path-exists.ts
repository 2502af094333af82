import { allObjects, isFluxKustomizationObject, sourceRepository, spec } from "../_flux.ts";
import { artifactDir } from "../_artifacts.ts";
import { isRecord, resolveRel } from "../model.ts";
import { findingAt, type Rule, type RuleContext } from "../rule.ts";
import type { Diagnostic } from "@infraflux/diagnostics";
import type { Located } from "../_flux.ts";

/**
 * A Kustomization on an ExternalArtifact: its path is relative to the artifact, i.e. after the ArtifactGenerator's
 * `copy:` mapping. Undefined when the source is not an ExternalArtifact; [] when the path exists or is not checkable.
 */
function artifactFinding(rule: Rule, ctx: RuleContext, self: Located): Diagnostic[] | undefined {
  const s = spec(self.obj);
  const ref = isRecord(s.sourceRef) ? s.sourceRef : {};
  if (ref.kind !== "ExternalArtifact") return undefined;
  const scopes = ctx.applied?.scopesOf(self.obj) ?? [];
  const named = ctx.applied?.artifacts.filter((a) => a.name === ref.name) ?? [];
  const sameCluster = named.filter((a) => scopes.some((sc) => sc.objects.some((o) => o.obj === a.generator)));
  const artifact = sameCluster[0] ?? named[0];
  if (!artifact?.repo) return [];
  const path = typeof s.path === "string" ? s.path : "./";
  if (artifactDir(artifact, path) !== undefined) return [];
  const gen = artifact.generator;
  return [
    findingAt(
      rule,
      self.obj.doc,
      ["spec", "path"],
      `spec.path "${path}" does not exist in ExternalArtifact "${artifact.name}"`,
      {
        hint: "The path is relative to the artifact: after the ArtifactGenerator's copy mapping, not to the repository root.",
        related: [
          {
            file: gen.doc.file,
            span: gen.doc.spanOf(["spec", "artifacts", artifact.index, "copy"]),
            message: `copy mapping of artifact "${artifact.name}"`,
          },
        ],
      },
    ),
  ];
}

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
        const artifact = artifactFinding(this, ctx, self);
        if (artifact !== undefined) return artifact;
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
