import { formatDiagnostics, summarizeDiagnostics, type Diagnostic } from "@infraflux/diagnostics";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import type { CliContext } from "./context.ts";

/** Prints diagnostics grouped by file, with a code frame on a terminal, then a summary line. */
export function printDiagnostics(
  ctx: CliContext,
  diagnostics: readonly Diagnostic[],
  stream: "stdout" | "stderr" = "stderr",
): void {
  const out = ctx[stream];
  out.write(formatDiagnostics(diagnostics, out.isTTY ? { sourceOf: sourceReader(ctx) } : {}));
  out.write(`${summarizeDiagnostics(diagnostics)}\n`);
}

export function printJson(ctx: CliContext, value: unknown): void {
  ctx.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

/** Reads a file named by a diagnostic (relative to the working directory) once, for code frames. */
export function sourceReader(ctx: CliContext): (file: string) => string | undefined {
  const sources = new Map<string, string | undefined>();
  return (file) => {
    if (!sources.has(file)) {
      try {
        sources.set(file, readFileSync(resolve(ctx.cwd, file), "utf8"));
      } catch {
        sources.set(file, undefined);
      }
    }
    return sources.get(file);
  };
}
