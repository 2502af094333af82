import { EnvironmentError, InputError, type Diagnostic } from "@infraflux/diagnostics";
import { Command, CommanderError, type OutputConfiguration } from "commander";
import type { CliContext, ExitCode } from "./context.ts";
import { printDiagnostics, printJson } from "./render.ts";
import { commandTable } from "./commands/table.ts";

/**
 * Runs the CLI in-process and returns its exit code. The only `process.exit` is in bin.ts.
 * 0 success · 1 findings or verification failure · 2 bad input, usage or an unusable environment · 3 internal error.
 */
export async function runCli(argv: readonly string[], ctx: CliContext): Promise<ExitCode> {
  let exitCode: ExitCode = 0;
  // Known before parsing, so that a usage error is reported as JSON too (commander's prose is held back).
  const json = argv.includes("--json");
  const program = new Command("infraflux")
    .description("Restructure GitOps infrastructure repositories with their history, and compile their configuration.")
    .version("0.1.0")
    .option("--json", "machine-readable output (on every subcommand)")
    .option("--verbose", "show stack traces and internal detail")
    .configureOutput(outputOf(ctx, json))
    .exitOverride()
    .showHelpAfterError("(run with --help for usage)")
    .addHelpText("after", "\nExample:\n  $ infraflux split --source ./mixed-repo --matrix matrix.yaml --out ./out\n");

  for (const define of commandTable) {
    const cmd = define(ctx, (code) => {
      exitCode = code;
    });
    routeOutput(cmd, ctx, json);
    program.addCommand(cmd);
  }

  try {
    await program.parseAsync([...argv], { from: "user" });
    return exitCode;
  } catch (error) {
    return handleError(error, ctx, { ...program.opts(), json });
  }
}

/** Commander's help and errors go through the context; with --json its error prose is replaced by one JSON object. */
function outputOf(ctx: CliContext, json: boolean): OutputConfiguration {
  return {
    writeOut: (s) => ctx.stdout.write(s),
    writeErr: (s) => ctx.stderr.write(s),
    outputError: (s, write) => (json ? undefined : write(s)),
  };
}

/** Nested subcommands (`overlays generate`) write through the context too, and never exit the process. */
function routeOutput(cmd: Command, ctx: CliContext, json: boolean): void {
  cmd.exitOverride().configureOutput(outputOf(ctx, json));
  for (const sub of cmd.commands) routeOutput(sub, ctx, json);
}

/** What a failed run prints with --json: one object with an `error` field (and the diagnostics, for bad input). */
export interface JsonError {
  readonly ok: false;
  readonly error: { readonly code: string; readonly message: string; readonly stack?: string };
  readonly diagnostics?: readonly Diagnostic[];
}

/** Reports an error thrown by a command and returns the exit code (2 usage, input or environment; 3 internal). */
export function handleError(error: unknown, ctx: CliContext, opts: { json?: boolean; verbose?: boolean }): ExitCode {
  const json = opts.json === true;
  if (error instanceof CommanderError) {
    if (
      error.code === "commander.helpDisplayed" ||
      error.code === "commander.version" ||
      error.code === "commander.help"
    )
      return 0;
    if (json) printJson(ctx, jsonError("usage", error.message.replace(/^error: /, "")));
    return 2;
  }
  if (error instanceof InputError) {
    reportDiagnostics(ctx, error.diagnostics, json);
    return 2;
  }
  if (error instanceof EnvironmentError) {
    if (json) printJson(ctx, jsonError(error.code, error.message, opts.verbose ? error.stack : undefined));
    else ctx.stderr.write(`error [${error.code}] ${error.message}\n`);
    if (!json && opts.verbose && error.stack) ctx.stderr.write(`${error.stack}\n`);
    return 2;
  }
  const message = error instanceof Error ? error.message : String(error);
  if (json) {
    const stack = opts.verbose && error instanceof Error ? error.stack : undefined;
    printJson(ctx, jsonError("internal", `${message} (this is a bug in infraflux; please report it)`, stack));
    return 3;
  }
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
  if (json) {
    const errors = diagnostics.filter((d) => d.severity === "error").length;
    const message = `${errors} error${errors === 1 ? "" : "s"} in the input; see diagnostics`;
    printJson(ctx, { ...jsonError("invalid-input", message), diagnostics });
  } else printDiagnostics(ctx, diagnostics);
}

function jsonError(code: string, message: string, stack?: string): JsonError {
  return { ok: false, error: { code, message, ...(stack === undefined ? {} : { stack }) } };
}
