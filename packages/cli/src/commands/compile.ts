import { InputError, hasErrors } from "@infraflux/diagnostics";
import type { CompileReport } from "@infraflux/config-compiler";
import type { OutputResult } from "@infraflux/file-output";
import { Command, Option } from "commander";
import { join, resolve } from "node:path";
import { type CliContext, type CommandDefinition, collect } from "../context.ts";
import { printDiagnostics, printJson } from "../render.ts";

/** Resolves `--config DIR` or `--root DIR` (whose `config/` is used), relative to the working directory. */
export function resolveConfigDir(ctx: CliContext, opts: { config?: string; root?: string }): string {
  if (opts.config) return resolve(ctx.cwd, opts.config);
  return resolve(ctx.cwd, opts.root ?? ".", "config");
}

export const defineCompileCommand: CommandDefinition = (ctx, setExit) =>
  new Command("compile")
    .description(
      "Compile hierarchical environment configs (defaults → size template → environment → cluster → custom) into final-config.yaml, terraform.tfvars(.json), Helm values and hand-off manifests.",
    )
    .option(
      "--config <dir>",
      "the config directory (holds defaults/, environments/, …); its parent is the repository root",
    )
    .option("--root <dir>", "the repository root; short for --config <dir>/config")
    .option("-e, --env <name>", "environment to compile (repeatable)", collect, [])
    .option("--all", "compile every environment in config/environments/")
    .option("-c, --custom <file>", "custom layer applied last (repeatable, in order)", collect, [])
    .option("--out <dir>", "root for output paths (default: the repository root)")
    .option(
      "--check",
      "compile in memory and compare with the files on disk; exit 1 with a unified diff on drift (CI mode)",
    )
    .option("--dry-run", "print the final config and the files that would be written; write nothing")
    .option(
      "--provenance",
      "print the final config with each value's origin (file:line:col and layer) as a comment; write nothing",
    )
    .option("--allow-env", "allow ${env:NAME} interpolation from environment variables")
    .option(
      "--affected",
      "list the environments (and their output files, one tfvars per component) whose outputs differ between --base and the working tree; write nothing",
    )
    .option("--base <ref>", "git ref to compare with for --affected", "HEAD")
    .addOption(
      new Option(
        "--format <format>",
        "output of --check: text, or markdown for a pull-request comment (table per environment, Mermaid graph of layers → outputs, diff folded in <details>)",
      )
        .choices(["text", "markdown"])
        .default("text"),
    )
    .addHelpText(
      "after",
      `
Example:
  $ infraflux compile --config fixtures/config-repo/config --env prod -c fixtures/config-repo/custom/prod-hotfix.yaml --out /tmp/x
  $ infraflux compile --root fixtures/config-repo --all --check
  $ infraflux compile --root fixtures/config-repo --all --check --format markdown > comment.md
  $ infraflux compile --root fixtures/config-repo --env dev --provenance
`,
    )
    .action(async (_args: unknown, cmd: Command) => {
      const o = cmd.optsWithGlobals<{
        config?: string;
        root?: string;
        env: string[];
        all?: boolean;
        custom: string[];
        out?: string;
        check?: boolean;
        dryRun?: boolean;
        provenance?: boolean;
        allowEnv?: boolean;
        json?: boolean;
        format: string;
        affected?: boolean;
        base: string;
      }>();
      if (o.affected) return setExit(await printAffected(ctx, resolveConfigDir(ctx, o), o));
      if (o.format === "markdown" && !o.check)
        cmd.error("error: --format markdown goes with --check (it renders the drift report)", {
          exitCode: 2,
          code: "infraflux.usage",
        });
      const mode = o.check ? "check" : o.provenance ? "provenance" : o.dryRun ? "dry-run" : "write";
      const { runCompile, renderCheckMarkdown, COMPILE_MANIFEST } = await import("@infraflux/config-compiler");
      const { applyOutput } = await import("@infraflux/file-output");
      const report = runCompile({
        configDir: resolveConfigDir(ctx, o),
        envs: o.env,
        all: o.all ?? false,
        customFiles: o.custom.map((f) => resolve(ctx.cwd, f)),
        ...(o.out ? { outDir: resolve(ctx.cwd, o.out) } : {}),
        mode,
        allowEnv: o.allowEnv ?? false,
        envVars: ctx.envVars,
      });
      if (hasErrors(report.diagnostics)) throw new InputError(report.diagnostics);
      if (report.diagnostics.length) printDiagnostics(ctx, report.diagnostics);
      // Only a run over every environment knows which earlier outputs are stale.
      const output = applyOutput(report.changes, {
        outDir: report.outDir,
        mode: mode === "write" || mode === "check" ? mode : "dry-run",
        manifest: COMPILE_MANIFEST,
        complete: o.all ?? false,
      });
      if (o.json) printJson(ctx, jsonReport(report, output));
      else if (o.format === "markdown") ctx.stdout.write(renderCheckMarkdown({ ...report, drift: output.drift }));
      else renderHuman(ctx, report, output);
      setExit(output.drift.length > 0 ? 1 : 0);
    });

async function printAffected(
  ctx: CliContext,
  configDir: string,
  o: { base: string; allowEnv?: boolean; json?: boolean },
): Promise<0> {
  const { runAffected } = await import("@infraflux/config-compiler");
  const r = runAffected({ configDir, base: o.base, allowEnv: o.allowEnv ?? false, envVars: ctx.envVars });
  if (hasErrors(r.diagnostics)) throw new InputError(r.diagnostics);
  if (r.diagnostics.length) printDiagnostics(ctx, r.diagnostics);
  if (o.json) printJson(ctx, { base: r.base, environments: r.environments });
  else {
    for (const e of r.environments) {
      ctx.stdout.write(`${e.status} ${e.env}\n`);
      for (const f of e.files) ctx.stdout.write(`  ${f}\n`);
    }
    ctx.stdout.write(`${r.environments.length} environment(s) affected since ${r.base}\n`);
  }
  return 0;
}

function jsonReport(r: CompileReport, output: OutputResult): unknown {
  const printsConfig = r.mode === "dry-run" || r.mode === "provenance";
  return {
    ok: output.drift.length === 0,
    mode: r.mode,
    outDir: r.outDir,
    environments: r.environments.map((e) => ({ ...e, ...(printsConfig ? {} : { finalConfig: undefined }) })),
    written: r.mode === "write" ? output.written : [],
    ...(r.mode === "write" || r.mode === "dry-run" ? { removed: output.removed } : {}),
    drift: output.drift,
    diagnostics: r.diagnostics,
  };
}

function renderHuman(ctx: CliContext, r: CompileReport, output: OutputResult): void {
  const out = (s: string) => ctx.stdout.write(s);
  if (r.mode === "dry-run" || r.mode === "provenance") {
    for (const e of r.environments) {
      if (r.environments.length > 1) out(`# --- environment ${e.env}\n`);
      out(e.finalConfig);
      for (const f of e.files) out(`# would write ${join(r.outDir, f)}\n`);
    }
    for (const f of output.removed) out(`# would remove ${join(r.outDir, f)} (its environment no longer exists)\n`);
    return;
  }
  if (r.mode === "check") {
    for (const d of output.drift)
      out(
        `${d.status === "missing" ? "missing" : d.status === "stale" ? "stale (its environment no longer exists; delete it)" : "drifted"}: ${d.path}\n${d.diff}`,
      );
    out(
      output.drift.length
        ? `${output.drift.length} of ${r.changes.length} generated files differ from ${r.outDir}; run infraflux compile without --check to update them\n`
        : `up to date: ${r.changes.length} generated files in ${r.outDir} match the config\n`,
    );
    return;
  }
  const written = new Set(output.written);
  for (const e of r.environments) {
    const n = e.files.filter((f) => written.has(f)).length;
    out(
      `compiled ${e.env}: ${e.files.length} files (${n} written, ${e.files.length - n} unchanged) from ${e.layers.length} layers\n`,
    );
    for (const f of e.files) out(`  ${written.has(f) ? "wrote    " : "unchanged"} ${f}\n`);
    for (const v of e.requiredVariables) out(`  the pipeline must set ${v.name} (secret ${v.path} → ${v.ref})\n`);
    for (const r of e.secretReferences)
      out(
        `  ${r.component} reads secret ${r.secretPath} from the existing Secret ${r.name}${r.key === undefined ? "" : ` (key ${r.key})`}: ${r.values.map((v) => `${v.path}=${v.value}`).join(", ")}\n`,
      );
  }
  for (const f of output.removed) out(`removed ${f} (its environment no longer exists)\n`);
  out(`output root: ${r.outDir}\n`);
}
