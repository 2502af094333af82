import { kustomizationFiles, kustomizationIn, kustomizeRefs } from "../_kustomize.ts";
import { isGitIgnored, resolveRel } from "../model.ts";
import { findingAt, type Rule } from "../rule.ts";

export const kustomizationPathExists: Rule = {
  id: "kustomization-path-exists",
  severity: "error",
  description:
    "Every local path in a kustomization.yaml (resources, bases, components, crds, patches, generator files, transformers, replacements) exists; a directory it lists has a kustomization of its own. A missing file that a `.gitignore` matches is generated at deploy time (an Argo CD config management plugin): info, not checked.",
  fix: "Correct the path, add the missing file, or add a kustomization.yaml to the listed directory.",
  check(ctx) {
    return ctx.repos.flatMap((repo) =>
      kustomizationFiles(repo).flatMap((k) =>
        kustomizeRefs(k.value).flatMap((r) => {
          const target = resolveRel(k.dir, r.ref);
          if (target === undefined) {
            return [
              findingAt(
                this,
                k.doc,
                r.docPath,
                `${r.field} entry "${r.ref}" points outside the repository; Flux and Argo CD cannot read it`,
                { hint: "Move the referenced content into the repository." },
              ),
            ];
          }
          const isFile = repo.files.has(target);
          const isDir = repo.dirs.has(target);
          if (!isFile && !isDir && isGitIgnored(repo, target)) {
            const generated = findingAt(
              this,
              k.doc,
              r.docPath,
              `${r.field} entry "${r.ref}" is git-ignored: generated at deploy time (e.g. by an Argo CD config management plugin); not checked`,
            );
            return [{ ...generated, severity: "info" as const }];
          }
          if (!isFile && !isDir) {
            return [
              findingAt(
                this,
                k.doc,
                r.docPath,
                `${r.field} entry "${r.ref}" does not exist (resolved to ${target || "."})`,
              ),
            ];
          }
          if (r.target === "file" && !isFile) {
            return [
              findingAt(this, k.doc, r.docPath, `${r.field} entry "${r.ref}" is a directory; a file is expected`),
            ];
          }
          if (r.target === "dir" && !isDir) {
            return [
              findingAt(
                this,
                k.doc,
                r.docPath,
                `${r.field} entry "${r.ref}" is a file; a kustomization directory is expected`,
              ),
            ];
          }
          if (isDir && kustomizationIn(repo, target) === undefined) {
            return [
              findingAt(
                this,
                k.doc,
                r.docPath,
                `${r.field} entry "${r.ref}" is a directory without kustomization.yaml; kustomize cannot build it`,
                { hint: `Add ${target}/kustomization.yaml listing its resources.` },
              ),
            ];
          }
          return [];
        }),
      ),
    );
  },
};
