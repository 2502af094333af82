import { formatCodeFrame, formatDiagnostic, summarizeDiagnostics, type Diagnostic } from "@infraflux/diagnostics";
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
  const byFile = new Map<string, Diagnostic[]>();
  for (const d of diagnostics) {
    const key = d.file ?? "";
    byFile.set(key, [...(byFile.get(key) ?? []), d]);
  }
  for (const [file, list] of byFile) {
    let source: string | undefined;
    if (file && out.isTTY) {
      try {
        source = readFileSync(resolve(ctx.cwd, file), "utf8");
      } catch {
        source = undefined;
      }
    }
    for (const d of list) {
      out.write(`${formatDiagnostic(d)}\n`);
      const frame = source === undefined ? undefined : formatCodeFrame(source, d);
      if (frame) out.write(`${frame}\n`);
    }
  }
  out.write(`${summarizeDiagnostics(diagnostics)}\n`);
}

export function printJson(ctx: CliContext, value: unknown): void {
  ctx.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}
