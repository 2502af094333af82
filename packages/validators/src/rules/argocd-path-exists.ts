import { allObjects } from "../_flux.ts";
import { apiGroup, isRecord, normalizeRepoUrl, resolveRel, type K8sObject } from "../model.ts";
import { findingAt, type Rule } from "../rule.ts";

function sources(obj: K8sObject): { path: (string | number)[]; source: Record<string, unknown> }[] {
  const root: (string | number)[] = obj.kind === "ApplicationSet" ? ["spec", "template", "spec"] : ["spec"];
  let s: unknown = obj.value;
  for (const seg of root) s = isRecord(s) ? s[seg] : undefined;
  if (!isRecord(s)) return [];
  const out: { path: (string | number)[]; source: Record<string, unknown> }[] = [];
  if (isRecord(s.source)) out.push({ path: [...root, "source"], source: s.source });
  if (Array.isArray(s.sources))
    s.sources.forEach((src, i) => isRecord(src) && out.push({ path: [...root, "sources", i], source: src }));
  return out;
}

export const argocdPathExists: Rule = {
  id: "argocd-path-exists",
  severity: "error",
  description:
    "An Argo CD Application/ApplicationSet source whose `repoURL` is one of the validated repositories (`--repo-url`, else its git remote `origin`) points at an existing directory `path`.",
  fix: "Correct `path` (relative to the repository root) or `repoURL`.",
  check(ctx) {
    return allObjects(ctx)
      .filter(
        ({ obj }) =>
          apiGroup(obj.apiVersion) === "argoproj.io" && (obj.kind === "Application" || obj.kind === "ApplicationSet"),
      )
      .flatMap(({ obj }) =>
        sources(obj).flatMap(({ path, source }) => {
          const { repoURL, path: p } = source;
          if (typeof repoURL !== "string" || typeof p !== "string" || p.includes("{{") || repoURL.includes("{{"))
            return [];
          const repo = ctx.repos.find((r) => r.url !== undefined && r.url === normalizeRepoUrl(repoURL));
          if (!repo) return [];
          const target = resolveRel("", p);
          if (target !== undefined && repo.dirs.has(target)) return [];
          return [
            findingAt(
              this,
              obj.doc,
              [...path, "path"],
              `${obj.kind} "${obj.name}" source path "${p}" does not exist in ${repo.label} (${repoURL})`,
            ),
          ];
        }),
      );
  },
};
