import { UNMAPPED_RULE } from "../history/map-changes.ts";
import type { PassResult } from "../history/pass-result.ts";
import { renderSplitDiagram } from "./report-diagram.ts";
import type { Matrix, MatrixRule } from "../matrix/matrix-types.ts";
import type { MigrationResult } from "../migration/migration.ts";
import type { PlanWarning, RuleReport, SplitReport, TargetReport } from "./report-types.ts";

export function buildSplitReport(input: {
  matrix: Matrix;
  pass: PassResult;
  signatures: { commits: number; signedCommits: number; tags: number; signedTags: number };
  keptSignatures?: boolean;
  commitMaps: ReadonlyMap<string, ReadonlyMap<string, string>> | undefined;
  migrations: readonly MigrationResult[];
  dryRun: boolean;
  /** Incremental updates: lines of the rules earlier runs matched (they did not match "nothing"). Default none. */
  rulesUsedBefore?: ReadonlySet<number>;
}): SplitReport {
  const { matrix, pass } = input;
  const rules: RuleReport[] = [];
  const unused: { line: number; from: string }[] = [];
  for (const rule of matrix.rules) {
    const stats = pass.ruleStats.get(rule.index);
    if (!stats) {
      if (!input.rulesUsedBefore?.has(rule.line)) unused.push({ line: rule.line, from: rule.from.text });
      continue;
    }
    const paths = [...stats.paths].sort();
    rules.push({
      line: rule.line,
      from: rule.from.text,
      action: rule.action,
      to: destinationsOf(rule),
      paths: paths.length,
      commits: stats.commits,
      examples: paths.slice(0, 20),
    });
  }
  const targets: TargetReport[] = [];
  for (const [name, { url }] of matrix.targets) {
    const outcomes = [...(pass.outcomes.get(name)?.values() ?? [])];
    const migration = input.migrations.find((m) => m.target === name);
    targets.push({
      name,
      url,
      commitsKept: outcomes.filter((o) => o.kept).length,
      commitsPruned: outcomes.filter((o) => !o.kept).length,
      refs: [...(pass.refs.get(name)?.keys() ?? [])].filter((r) => !r.startsWith("refs/tags/")).sort(),
      tags: [
        ...new Set(
          pass.tags
            .filter((t) => t.targets.includes(name))
            .map((t) => `refs/tags/${t.name}`)
            .concat([...(pass.refs.get(name)?.keys() ?? [])].filter((r) => r.startsWith("refs/tags/"))),
        ),
      ].sort(),
      migrationCommit: migration?.commit,
      referencesRewritten: migration?.edits ?? [],
      unresolvedReferences: migration?.problems ?? [],
      commitNamesInMessages: pass.commitNames.get(name) ?? { rewritten: 0, leftAlone: 0 },
      movedRoles: migration?.movedRoles ?? [],
      generatedFiles: migration?.generatedFiles ?? [],
    });
  }
  const sig = input.signatures;
  const signed = [
    sig.signedCommits ? `${sig.signedCommits} of ${sig.commits} commits` : "",
    sig.signedTags ? `${sig.signedTags} of ${sig.tags} annotated tags` : "",
  ].filter(Boolean);
  return {
    dryRun: input.dryRun,
    signatures: {
      ...sig,
      summary: !signed.length
        ? undefined
        : input.keptSignatures
          ? `${signed.join(" and ")} were signed; their signatures were copied verbatim (--keep-signatures) and no longer verify, because their content changed`
          : `${signed.join(" and ")} were signed; their signatures were removed because their content changed`,
    },
    warnings: [
      ...nestingWarnings(matrix, pass),
      ...pass.caseConflicts.map(
        (c): PlanWarning => ({
          code: "case-conflict",
          message: `${c.target}: "${c.paths[0]}" and "${c.paths[1]}" differ only by letter case (first in commit ${c.commit.slice(0, 12)}); on case-insensitive file systems one overwrites the other`,
        }),
      ),
    ],
    sourceUrl: matrix.sourceUrl,
    ...urlsMissing(matrix),
    sourceCommits: pass.commits.length,
    rules,
    ...unmappedFlow(matrix, pass),
    unusedRules: unused,
    targets,
    droppedPaths: [...pass.dropped]
      .map(([path, firstCommit]) => ({ path, firstCommit }))
      .sort((a, b) => a.path.localeCompare(b.path)),
    tagsDropped: pass.tags.filter((t) => t.targets.length === 0).map((t) => t.name),
  };
}

function unmappedFlow(matrix: Matrix, pass: PassResult): Pick<SplitReport, "unmapped"> {
  const stats = pass.ruleStats.get(UNMAPPED_RULE);
  if (matrix.unmapped.kind !== "target" || !stats) return {};
  return { unmapped: { target: matrix.unmapped.target, paths: stats.paths.size, commits: stats.commits } };
}

/**
 * A prefix rule whose destination extends its own source (`clusters/` → `clusters/templates/`)
 * doubles the extension for paths that already had it (`clusters/templates/templates/`).
 */
function nestingWarnings(matrix: Matrix, pass: PassResult): PlanWarning[] {
  const warnings: PlanWarning[] = [];
  for (const rule of matrix.rules) {
    if (rule.from.kind !== "prefix" || rule.effect.kind !== "move") continue;
    const paths = [...(pass.ruleStats.get(rule.index)?.paths ?? [])].sort();
    for (const d of rule.effect.destinations) {
      if (!d.path.startsWith(rule.from.text) || d.path === rule.from.text) continue;
      const extension = d.path.slice(rule.from.text.length);
      const example = paths.find((p) => p.startsWith(rule.from.text + extension));
      if (!example) continue;
      const mapped = d.path + example.slice(rule.from.text.length);
      warnings.push({
        code: "suspicious-nesting",
        line: rule.line,
        message: `rule "${rule.from.text}" → "${d.target}:${d.path}" (line ${rule.line}) nests paths that already hold "${extension}": "${example}" becomes "${mapped}"`,
        suggestion: `- from: ${rule.from.text}${extension}\n  to: ${d.target}:${d.path}`,
      });
    }
  }
  return warnings;
}

function destinationsOf(rule: MatrixRule): string[] {
  switch (rule.effect.kind) {
    case "drop":
      return ["(dropped)"];
    case "move":
      return rule.effect.destinations.map((d) => `${d.target}:${d.path}`);
    case "split":
      return rule.effect.cases.map(
        (c) => `${c.destination.target}:${c.destination.path}${c.when ? ` when ${JSON.stringify(c.when)}` : ""}`,
      );
  }
}

const escapeCell = (s: string) => s.replace(/\|/g, "\\|");

export function renderReportMarkdown(report: SplitReport): string {
  const out: string[] = [];
  out.push(`# ${report.dryRun ? "Split plan (dry run)" : "Split report"}`, "");
  out.push(`Source: ${report.sourceUrl ?? "(no url in the matrix)"} — ${report.sourceCommits} commits read.`, "");
  if (report.urlsMissing)
    out.push(
      `Repository URLs not given in the matrix: ${report.urlsMissing.join(", ")}. Argo CD \`repoURL\` rewriting is skipped for them.`,
      "",
    );
  out.push("## Diagram", "", renderSplitDiagram(report).trimEnd(), "");
  if (report.signatures.summary) out.push(`Signatures: ${report.signatures.summary}.`, "");
  if (report.warnings.length) {
    out.push("## Warnings", "");
    for (const w of report.warnings)
      out.push(
        `- **${w.code}**: ${w.message}${w.suggestion ? `. Suggested rule:\n\n  \`\`\`yaml\n  ${w.suggestion.replace(/\n/g, "\n  ")}\n  \`\`\`` : ""}`,
      );
    out.push("");
  }
  out.push(
    "## Targets",
    "",
    "| target | commits kept | commits pruned | branches | tags | migration commit |",
    "|---|---:|---:|---|---|---|",
  );
  for (const t of report.targets) {
    out.push(
      `| ${t.name} | ${t.commitsKept} | ${t.commitsPruned} | ${t.refs.map((r) => r.replace("refs/heads/", "")).join(", ")} | ${t.tags.map((r) => r.replace("refs/tags/", "")).join(", ")} | ${t.migrationCommit?.slice(0, 12) ?? "—"} |`,
    );
  }
  const named = report.targets.filter((t) => t.commitNamesInMessages.rewritten + t.commitNamesInMessages.leftAlone > 0);
  if (named.length) {
    out.push(
      "",
      "Commit names in messages: " +
        named
          .map(
            (t) =>
              `${t.name} ${t.commitNamesInMessages.rewritten} rewritten, ${t.commitNamesInMessages.leftAlone} left alone (commit not in ${t.name})`,
          )
          .join("; ") +
        ".",
    );
  }
  out.push("", "## Rules", "", "| line | from | action | to | paths | commits |", "|---:|---|---|---|---:|---:|");
  for (const r of report.rules)
    out.push(
      `| ${r.line} | \`${escapeCell(r.from)}\` | ${r.action} | ${r.to.map((t) => `\`${escapeCell(t)}\``).join("<br>")} | ${r.paths} | ${r.commits} |`,
    );
  const unmapped = report.unmapped;
  if (unmapped)
    out.push(
      `| — | (paths no rule matches) | unmapped | \`${unmapped.target}:\` | ${unmapped.paths} | ${unmapped.commits} |`,
    );
  if (report.unusedRules.length) {
    out.push("", "### Rules that matched nothing", "");
    for (const r of report.unusedRules) out.push(`- line ${r.line}: \`${r.from}\``);
  }
  for (const t of report.targets) {
    if (t.movedRoles.length) {
      out.push("", `## Ansible roles moved in ${t.name}`, "", "| from | to |", "|---|---|");
      for (const r of t.movedRoles) out.push(`| \`${r.from}\` | \`${r.to}\` |`);
    }
    if (t.generatedFiles.length) {
      out.push("", `## Files generated or merged in ${t.name}`, "", ...t.generatedFiles.map((f) => `- \`${f}\``));
    }
    out.push("", `## References rewritten in ${t.name}`, "");
    if (t.referencesRewritten.length === 0)
      out.push(
        t.migrationCommit || t.generatedFiles.length || report.dryRun
          ? "None."
          : "None: no references needed rewriting, so there is no migration commit.",
      );
    for (const e of t.referencesRewritten)
      out.push(`- \`${e.file}:${e.line}\` (${e.kind}) \`${e.before}\` → \`${e.after}\``);
    if (t.unresolvedReferences.length) {
      out.push("", `### Unresolved references in ${t.name}`, "");
      for (const p of t.unresolvedReferences)
        out.push(`- \`${p.file}:${p.line}\` (${p.kind}) \`${p.reference}\`: ${p.reason}`);
    }
  }
  out.push("", "## Dropped paths", "");
  if (report.droppedPaths.length === 0) out.push("None.");
  for (const d of report.droppedPaths) out.push(`- \`${d.path}\` (first seen in ${d.firstCommit.slice(0, 12)})`);
  if (report.tagsDropped.length)
    out.push(
      "",
      "## Tags dropped (their commits have no content in any target)",
      "",
      ...report.tagsDropped.map((t) => `- ${t}`),
    );
  return `${out.join("\n")}\n`;
}

function urlsMissing(matrix: Matrix): { urlsMissing?: string[] } {
  const missing = [
    ...(matrix.sourceUrl === undefined ? ["source"] : []),
    ...[...matrix.targets].filter(([, t]) => t.url === undefined).map(([name]) => name),
  ];
  return missing.length ? { urlsMissing: missing } : {};
}
