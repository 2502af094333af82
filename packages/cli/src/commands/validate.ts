import { formatDiagnostics, InputError, type Diagnostic } from "@infraflux/diagnostics";
import { join } from "node:path";
import { Command } from "commander";
import type { CliContext, CommandDefinition } from "../context.ts";
import { printJson, sourceReader } from "../render.ts";

const FORMATS = ["human", "json", "sarif"];

/** `--build` results are cached per content under the user's cache directory (XDG), unless it is unknown. */
function buildCacheDir(ctx: CliContext): string | undefined {
  const base = ctx.envVars.XDG_CACHE_HOME ?? (ctx.envVars.HOME ? join(ctx.envVars.HOME, ".cache") : undefined);
  return base ? join(base, "infraflux", "kustomize-builds") : undefined;
}

export const defineValidateCommand: CommandDefinition = (ctx, setExit) =>
  new Command("validate")
    .description(
      "Validate infrastructure and platform repositories: YAML, schemas (closed), kustomize references, Flux dependencies, Argo CD paths, secret hygiene, repository boundaries and Terraform variables.",
    )
    .argument("<dirs...>", "repository directories to validate (e.g. out/infraflux out/platform-gitops)")
    .option("--format <format>", "output format: human, json or sarif (SARIF 2.1.0 for CI annotations)", "human")
    .option(
      "--rules <file>",
      "YAML file that disables (off) or re-grades (error|warning|info) rules and sets boundaries",
    )
    .option(
      "--repo-url <url>",
      "the repository's own URL, once per directory in order (default: its git remote origin)",
      (v: string, acc: string[]) => [...acc, v],
      [] as string[],
    )
    .option(
      "--build",
      "also build every kustomization an entry point applies with `kubectl kustomize` (as Flux does, without the load restrictor; in parallel, cached by content in $XDG_CACHE_HOME/infraflux)",
    )
    .addHelpText(
      "after",
      `
Exit codes: 0 no errors · 1 errors found · 2 bad usage (missing directory, invalid rules file).

Example:
  $ infraflux validate out/infraflux out/platform-gitops
  $ infraflux validate --format sarif --rules validate-rules.yaml . > results.sarif
  $ infraflux validate --build --repo-url https://github.com/org/infraflux ./infraflux
`,
    )
    .action(async (dirs: string[], _opts: unknown, cmd: Command) => {
      // The validators (and the typed Kubernetes models) load when this command runs, not at CLI start.
      const { renderFindingDiagram, renderJsonReport, renderSarif, renderSummary, runValidation } = await import(
        "@infraflux/validators"
      );
      const opts = cmd.optsWithGlobals<{
        format: string;
        rules?: string;
        repoUrl: string[];
        build?: boolean;
        json?: boolean;
      }>();
      const format = opts.json ? "json" : opts.format;
      if (!FORMATS.includes(format)) {
        throw new InputError([
          {
            code: "usage",
            severity: "error",
            message: `unknown --format "${format}"; expected one of ${FORMATS.join(", ")}`,
          },
        ]);
      }
      const report = await runValidation({
        dirs,
        cwd: ctx.cwd,
        ...(opts.rules ? { rulesFile: opts.rules } : {}),
        repoUrls: opts.repoUrl,
        build: opts.build === true,
        ...(buildCacheDir(ctx) ? { buildCacheDir: buildCacheDir(ctx) } : {}),
      });
      if (format === "json") printJson(ctx, renderJsonReport(report));
      else if (format === "sarif") printJson(ctx, renderSarif(report));
      else {
        printFindings(ctx, report.diagnostics, (d) => renderFindingDiagram(report, d));
        for (const k of report.stats.unknownKinds)
          ctx.stdout.write(`  no schema: ${k.apiVersion} ${k.kind} (${k.count})\n`);
        ctx.stdout.write(`${renderSummary(report)}\n`);
      }
      setExit(report.diagnostics.some((d) => d.severity === "error") ? 1 : 0);
    });

/**
 * Findings (already sorted, hence grouped by file) with a code frame on a terminal, then the diagram that explains
 * a finding (a dependsOn cycle as a fenced Mermaid graph); the summary follows.
 */
function printFindings(
  ctx: CliContext,
  diagnostics: readonly Diagnostic[],
  diagramOf: (d: Diagnostic) => string | undefined,
): void {
  ctx.stdout.write(
    formatDiagnostics(diagnostics, {
      ...(ctx.stdout.isTTY ? { sourceOf: sourceReader(ctx) } : {}),
      after: diagramOf,
    }),
  );
}
