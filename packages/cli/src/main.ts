import { EnvironmentError, InputError, type Diagnostic } from "@infraflux/diagnostics";
import { Command, CommanderError } from "commander";
import type { CliContext, ExitCode } from "./context.ts";
import { printDiagnostics, printJson } from "./render.ts";
import { commandTable } from "./commands/table.ts";

/**
 * Runs the CLI in-process and returns its exit code. The only `process.exit` is in bin.ts.
 * 0 success · 1 findings or verification failure · 2 bad input, usage or an unusable environment · 3 internal error.
 */
export async function runCli(argv: readonly string[], ctx: CliContext): Promise<ExitCode> {
  let exitCode: ExitCode = 0;
  const program = new Command("infraflux")
    .description("Restructure GitOps infrastructure repositories with their history, and compile their configuration.")
    .version("0.1.0")
    .option("--json", "machine-readable output (on every subcommand)")
    .option("--verbose", "show stack traces and internal detail")
    .configureOutput({
      writeOut: (s) => ctx.stdout.write(s),
      writeErr: (s) => ctx.stderr.write(s),
    })
    .exitOverride()
    .showHelpAfterError("(run with --help for usage)")
    .addHelpText("after", "\nExample:\n  $ infraflux split --source ./mixed-repo --matrix matrix.yaml --out ./out\n");

  for (const define of commandTable) {
    const cmd = define(ctx, (code) => {
      exitCode = code;
    });
    routeOutput(cmd, ctx);
    program.addCommand(cmd);
  }

  try {
    await program.parseAsync([...argv], { from: "user" });
    return exitCode;
  } catch (error) {
    return handleError(error, ctx, program.opts());
  }
}

/** Nested subcommands (`overlays generate`) write through the context too, and never exit the process. */
function routeOutput(cmd: Command, ctx: CliContext): void {
  cmd.exitOverride().configureOutput({ writeOut: (s) => ctx.stdout.write(s), writeErr: (s) => ctx.stderr.write(s) });
  for (const sub of cmd.commands) routeOutput(sub, ctx);
}

function handleError(error: unknown, ctx: CliContext, opts: { json?: boolean; verbose?: boolean }): ExitCode {
  const json = opts.json || process.argv.includes("--json");
  if (error instanceof CommanderError) {
    if (
      error.code === "commander.helpDisplayed" ||
      error.code === "commander.version" ||
      error.code === "commander.help"
    )
      return 0;
    return 2;
  }
  if (error instanceof InputError) {
    reportDiagnostics(ctx, error.diagnostics, json);
    return 2;
  }
  if (error instanceof EnvironmentError) {
    if (json) printJson(ctx, { ok: false, error: { code: error.code, message: error.message } });
    else ctx.stderr.write(`error [${error.code}] ${error.message}\n`);
    if (opts.verbose && error.stack) ctx.stderr.write(`${error.stack}\n`);
    return 2;
  }
  const message = error instanceof Error ? error.message : String(error);
  ctx.stderr.write(`internal error: ${message}\n`);
  if (opts.verbose && error instanceof Error && error.stack) ctx.stderr.write(`${error.stack}\n`);
  else ctx.stderr.write("(run with --verbose for the stack trace, and please report this as a bug)\n");
  return 3;
}

export function reportDiagnostics(
  ctx: CliContext,
  diagnostics: readonly Diagnostic[],
  json: boolean | undefined,
): void {
  if (json) printJson(ctx, { ok: false, diagnostics });
  else printDiagnostics(ctx, diagnostics);
}
