import type { SplitReport } from "@infraflux/repo-splitter";
import { Command, Option } from "commander";
import { resolve } from "node:path";
import { loadMatrixFile, progressPrinter } from "./_matrix.ts";
import { printJson } from "../render.ts";
import type { CommandDefinition } from "../context.ts";

export const defineSplitCommand: CommandDefinition = (ctx, setExit) =>
  new Command("split")
    .description(
      "Split a repository into target repositories with their history, following a component migration matrix",
    )
    .requiredOption("--source <repo>", "the repository to split (read only; never modified)")
    .requiredOption("--matrix <file>", "the component migration matrix (YAML)")
    .option("--out <dir>", "where the target repositories, commit-maps and reports are written", "out")
    .option("--dry-run", "stream the history and print the plan; write nothing")
    .option("--force", "replace an existing --out that cannot be updated incrementally")
    .option(
      "--keep-signatures",
      "copy commit and tag signatures verbatim instead of removing them (they will no longer verify)",
    )
    .addOption(
      new Option("--format <format>", "report format on stdout").choices(["summary", "markdown"]).default("summary"),
    )
    .addHelpText(
      "after",
      `
Re-running with the same --out and matrix after new source commits updates the targets
incrementally: earlier commits keep their SHAs, new ones are appended, and the migration
commit is re-applied on top.

Examples:
  $ infraflux split --source ./infraflux --matrix matrix.yaml --out ./out
  $ infraflux split --source ./infraflux --matrix matrix.yaml --dry-run --format markdown
  $ infraflux --json split --source ./infraflux --matrix matrix.yaml --out ./out`,
    )
    .action(
      async (
        opts: {
          source: string;
          matrix: string;
          out: string;
          dryRun?: boolean;
          force?: boolean;
          keepSignatures?: boolean;
          format: string;
        },
        cmd: Command,
      ) => {
        const { json, verbose } = cmd.optsWithGlobals() as { json?: boolean; verbose?: boolean };
        // Libraries load when their command runs, so `infraflux --help` and other commands start fast.
        const [{ renderReportMarkdown, runSplit }, { ansibleRewriter }] = await Promise.all([
          import("@infraflux/repo-splitter"),
          import("@infraflux/ansible-restructure"),
        ]);
        const { matrix, text } = await loadMatrixFile(ctx, opts.matrix);
        const onProgress = json ? undefined : progressPrinter(ctx, opts.dryRun ? "planning" : "splitting");
        const result = await runSplit({
          source: resolve(ctx.cwd, opts.source),
          matrix,
          matrixText: text,
          out: resolve(ctx.cwd, opts.out),
          dryRun: Boolean(opts.dryRun),
          force: Boolean(opts.force),
          keepSignatures: Boolean(opts.keepSignatures),
          rewriters: [ansibleRewriter],
          ...(onProgress ? { onProgress } : {}),
          ...(verbose
            ? {
                onPhase: (phase: string, ms: number) =>
                  ctx.stderr.write(
                    `${(ms / 1000).toFixed(2).padStart(7)} s  ${(process.memoryUsage().rss / 1048576).toFixed(0).padStart(4)} MB  ${phase}\n`,
                  ),
              }
            : {}),
        });
        if (onProgress) ctx.stderr.write("\r\x1b[K");
        if (json)
          printJson(ctx, {
            ok: true,
            incremental: result.incremental,
            newCommits: result.newCommits,
            out: opts.dryRun ? null : opts.out,
            report: result.report,
          });
        else if (opts.format === "markdown") ctx.stdout.write(renderReportMarkdown(result.report));
        else
          ctx.stdout.write(
            renderSummary(result.report, opts.dryRun ? undefined : opts.out, result.incremental, result.newCommits),
          );
        setExit(0);
      },
    );

function renderSummary(report: SplitReport, out: string | undefined, incremental: boolean, newCommits: number): string {
  const lines = [
    out
      ? incremental
        ? `Updated ${out} incrementally: ${newCommits} new source commit${newCommits === 1 ? "" : "s"}.`
        : `Split ${report.sourceCommits} source commits into ${report.targets.length} repositories in ${out}.`
      : `Plan (dry run): ${report.sourceCommits} source commits, nothing written.`,
  ];
  for (const t of report.targets) {
    lines.push(
      `  ${t.name}: ${t.commitsKept} commits kept, ${t.commitsPruned} pruned, ${t.refs.length} branch(es), ${t.tags.length} tag(s), ${t.referencesRewritten.length} reference(s) rewritten${t.unresolvedReferences.length ? `, ${t.unresolvedReferences.length} unresolved` : ""}`,
    );
    for (const p of t.unresolvedReferences)
      lines.push(`    unresolved ${p.file}:${p.line} (${p.kind}) ${p.reference}: ${p.reason}`);
  }
  if (report.signatures.summary) lines.push(`  ${report.signatures.summary}`);
  for (const w of report.warnings)
    lines.push(
      `  warning [${w.code}] ${w.message}${w.suggestion ? `\n    suggested rule:\n      ${w.suggestion.replace(/\n/g, "\n      ")}` : ""}`,
    );
  if (report.unusedRules.length)
    lines.push(
      `  warning: ${report.unusedRules.length} rule(s) matched nothing: ${report.unusedRules.map((r) => `line ${r.line} ${r.from}`).join(", ")}`,
    );
  if (report.droppedPaths.length) lines.push(`  ${report.droppedPaths.length} path(s) dropped by the matrix`);
  if (out) lines.push(`Report: ${out}/report.md, commit-maps: ${out}/<target>.commit-map`);
  return `${lines.join("\n")}\n`;
}
