import { globToRegExp } from "@infraflux/input";
import { apiGroup, displayPath } from "../model.ts";
import { finding, findingAt, type Rule } from "../rule.ts";

export const boundaryViolation: Rule = {
  id: "boundary-violation",
  severity: "error",
  description:
    "The infrastructure repository (infraflux) holds no platform objects or paths, and the platform repository (platform-gitops) no Terraform or cluster definitions. Roles come from directory names; kinds and paths from the `--rules` file (defaults from the migration matrix).",
  fix: "Move the object or file to the repository that owns it (see the component migration matrix), or adjust `boundaries` in the rules file.",
  check(ctx) {
    return ctx.repos.flatMap((repo) => {
      if (repo.role === "unknown") return [];
      const b = ctx.boundaries[repo.role];
      const other = repo.role === "infrastructure" ? "platform" : "infrastructure";
      const kinds = b.kinds.map((k) => ({ glob: k, re: globToRegExp(k) }));
      const paths = b.paths.map((p) => ({ glob: p, re: globToRegExp(p) }));
      const byKind = repo.objects.flatMap((obj) => {
        const gk = `${apiGroup(obj.apiVersion) || "core"}/${obj.kind}`;
        const hit = kinds.find((k) => k.re.test(gk));
        return hit
          ? [
              findingAt(
                this,
                obj.doc,
                ["kind"],
                `${obj.kind} "${obj.name}" (${gk}) is ${other === "infrastructure" ? "an" : "a"} ${other} object in the ${repo.role} repository (boundary rule "${hit.glob}")`,
              ),
            ]
          : [];
      });
      const byPath = [...repo.files].sort().flatMap((rel) => {
        const hit = paths.find((p) => p.re.test(rel));
        return hit
          ? [
              finding(this, {
                file: displayPath(repo.label, rel),
                span: { line: 1, column: 1 },
                message: `${rel} belongs in the ${other} repository, not the ${repo.role} one (boundary rule "${hit.glob}")`,
              }),
            ]
          : [];
      });
      return [...byKind, ...byPath];
    });
  },
};
