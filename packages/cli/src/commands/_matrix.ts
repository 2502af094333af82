import { InputError } from "@infraflux/diagnostics";
import type { Matrix } from "@infraflux/repo-splitter";
import { readFileSync } from "node:fs";
import { relative, resolve } from "node:path";
import type { CliContext } from "../context.ts";

/** Reads and checks a matrix file; bad input becomes an InputError (exit 2). */
export async function loadMatrixFile(ctx: CliContext, file: string): Promise<{ matrix: Matrix; text: string }> {
  const { parseMatrix } = await import("@infraflux/repo-splitter");
  const abs = resolve(ctx.cwd, file);
  const shown = relative(ctx.cwd, abs) || file;
  let text: string;
  try {
    text = readFileSync(abs, "utf8");
  } catch (error) {
    throw new InputError([
      {
        code: "matrix-missing",
        severity: "error",
        file: shown,
        message: `cannot read the matrix: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
        hint: "pass the path of a matrix YAML file with --matrix",
      },
    ]);
  }
  const result = parseMatrix(shown, text);
  if (!result.ok) throw new InputError(result.diagnostics);
  return { matrix: result.matrix, text };
}

/** A progress line on a terminal (stderr), nothing elsewhere. */
export function progressPrinter(ctx: CliContext, label: string): ((n: number) => void) | undefined {
  if (!ctx.stderr.isTTY) return undefined;
  let last = 0;
  return (n) => {
    const now = Date.now();
    if (now - last < 100) return;
    last = now;
    ctx.stderr.write(`\r${label}: ${n} commits`);
  };
}
