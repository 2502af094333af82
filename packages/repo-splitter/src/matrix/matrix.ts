import type { Diagnostic } from "@infraflux/diagnostics";
import { type UnknownKey, zodIssuesToDiagnostics } from "@infraflux/input";
import type { z } from "zod";
import { parseYamlSource, positionsOf } from "./_yaml-source.ts";
import { compileMatrix } from "./compile-matrix.ts";
import { matrixSchema } from "./matrix-schema.ts";
import type { Matrix } from "./matrix-types.ts";

/** `verify/` reads the type from here. */
export type { Matrix } from "./matrix-types.ts";

export type MatrixResult =
  | { ok: true; matrix: Matrix; diagnostics: Diagnostic[] }
  | { ok: false; diagnostics: Diagnostic[] };

/** Parses and checks a matrix file's text. Pure: the caller reads the file. */
export function parseMatrix(file: string, text: string): MatrixResult {
  const { source, diagnostics } = parseYamlSource(file, text);
  if (diagnostics.some((d) => d.severity === "error")) return { ok: false, diagnostics };
  let raw: unknown;
  try {
    raw = source.document.toJS({ maxAliasCount: 50 });
  } catch (error) {
    return {
      ok: false,
      diagnostics: [
        {
          code: "matrix-yaml",
          severity: "error",
          file,
          span: { line: 1, column: 1 },
          message: `cannot read the matrix: ${(error as Error).message}`,
          hint: "aliases are limited to 50 expansions (alias bombs are rejected)",
        },
      ],
    };
  }
  const parsed = matrixSchema.safeParse(raw);
  if (!parsed.success) {
    const schemaDiagnostics = zodIssuesToDiagnostics(parsed.error.issues, {
      schema: matrixSchema,
      file,
      codes: { unknownKey: "matrix-unknown-key", invalid: "matrix-schema" },
      yaml: positionsOf(source),
      formatUnknownKey: unknownKeyText,
      formatIssue: issueText,
    });
    return { ok: false, diagnostics: schemaDiagnostics };
  }
  const compiled = compileMatrix(source, parsed.data);
  return compiled.diagnostics.some((d) => d.severity === "error")
    ? { ok: false, diagnostics: compiled.diagnostics }
    : { ok: true, matrix: compiled.matrix, diagnostics: compiled.diagnostics };
}

function unknownKeyText(u: UnknownKey): { message: string; hint?: string } {
  const where = u.path.length > 0 ? ` in ${u.path.join(".")}` : "";
  return {
    message: `unknown key "${u.key}"${where}; expected one of ${u.known.join(", ")}`,
    ...(u.suggestion ? { hint: `did you mean "${u.suggestion}"?` } : {}),
  };
}

function issueText(issue: z.core.$ZodIssue, path: readonly (string | number)[]): { message: string } {
  return { message: `${path.length > 0 ? `${path.join(".")}: ` : ""}${issue.message}` };
}
