import { closestMatch } from "@infraflux/diagnostics";
import { allObjects } from "../_flux.ts";
import { apiGroup, isRecord } from "../model.ts";
import { findingAt, type Rule } from "../rule.ts";

export const argocdProjectExists: Rule = {
  id: "argocd-project-exists",
  severity: "error",
  description:
    "When the validated trees define AppProjects, every Application's `spec.project` (and ApplicationSet template's) names one of them or `default`.",
  fix: "Correct `spec.project` or add the AppProject.",
  check(ctx) {
    const all = allObjects(ctx);
    const projects = all
      .filter(({ obj }) => obj.kind === "AppProject" && apiGroup(obj.apiVersion) === "argoproj.io")
      .map(({ obj }) => obj.name);
    if (projects.length === 0) return [];
    return all.flatMap(({ obj }) => {
      if (apiGroup(obj.apiVersion) !== "argoproj.io") return [];
      const path =
        obj.kind === "Application"
          ? ["spec", "project"]
          : obj.kind === "ApplicationSet"
            ? ["spec", "template", "spec", "project"]
            : undefined;
      if (!path) return [];
      let v: unknown = obj.value;
      for (const seg of path) v = isRecord(v) ? v[seg] : undefined;
      if (typeof v !== "string" || v === "default" || v.includes("{{") || projects.includes(v)) return [];
      const guess = closestMatch(v, projects);
      return [
        findingAt(
          this,
          obj.doc,
          path,
          `${obj.kind} "${obj.name}" uses project "${v}", which is not defined (AppProjects: ${[...new Set(projects)].sort().join(", ")})${guess ? `. Did you mean "${guess}"?` : ""}`,
        ),
      ];
    });
  },
};
