import { displayPath, dirOf, type Repository } from "../model.ts";
import { finding, type Rule } from "../rule.ts";
import type { Diagnostic } from "@infraflux/diagnostics";

/**
 * Groups the files no entry point applies by the highest directory that holds no applied file, so an `.archive/`
 * of 300 files is one finding, not 300.
 */
function groupUnapplied(unapplied: readonly string[], applied: ReadonlySet<string>): Map<string, string[]> {
  const mixed = new Set<string>([""]);
  for (const f of applied) for (let d = dirOf(f); d !== ""; d = dirOf(d)) mixed.add(d);
  const groups = new Map<string, string[]>();
  for (const f of unapplied) {
    const chain: string[] = [];
    for (let d = dirOf(f); d !== ""; d = dirOf(d)) chain.unshift(d);
    const top = chain.find((d) => !mixed.has(d)) ?? f;
    groups.set(top, [...(groups.get(top) ?? []), f]);
  }
  return groups;
}

export const fileNotApplied: Rule = {
  id: "file-not-applied",
  severity: "info",
  description:
    "In a repository with entry points (`clusters/<name>/flux-system`, a FluxInstance's `spec.sync`), manifests no entry point applies are listed (one finding per directory) and validated for YAML only: an `.archive/` needs no suppression.",
  fix: "Nothing to fix when the files are kept on purpose; otherwise reference them from a kustomization an entry point reaches.",
  check(ctx) {
    const out: Diagnostic[] = [];
    for (const [repo, files] of ctx.applied?.unapplied ?? []) {
      const applied = ctx.applied?.reached.get(repo) ?? new Set<string>();
      for (const [top, list] of groupUnapplied(files, applied)) out.push(report(this, repo, top, list));
    }
    return out;
  },
};

function report(rule: Rule, repo: Repository, top: string, list: readonly string[]): Diagnostic {
  const first = [...list].sort()[0]!;
  const what =
    list.length === 1 ? "is" : `and ${list.length - 1} other file${list.length === 2 ? "" : "s"} under ${top}/ are`;
  return finding(rule, {
    file: displayPath(repo.label, first),
    span: { line: 1, column: 1 },
    message: `${first} ${what} not applied by any entry point; validated as YAML only`,
  });
}
