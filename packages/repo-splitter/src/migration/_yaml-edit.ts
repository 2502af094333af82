import { parse, type Scalar } from "yaml";
import type { FileRewrite, ReferenceEdit, ReferenceProblem } from "./reference-types.ts";

/** Edits of scalars in YAML text, made in place so comments and formatting stay as they were. */
export interface PendingEdit {
  readonly start: number;
  readonly end: number;
  readonly replacement: string;
  readonly edit: Omit<ReferenceEdit, "line" | "file">;
}

export function applyEdits(
  text: string,
  pending: PendingEdit[],
  problems: ReferenceProblem[],
  lineOf: (offset: number) => number,
  file: string,
): FileRewrite {
  let out = text;
  const edits: ReferenceEdit[] = [];
  for (const p of [...pending].sort((a, b) => b.start - a.start)) {
    out = out.slice(0, p.start) + p.replacement + out.slice(p.end);
    edits.push({ file, line: lineOf(p.start), ...p.edit });
  }
  edits.sort((a, b) => a.line - b.line);
  return { text: out, edits, problems };
}

export function scalarEdit(node: Scalar, value: string, edit: PendingEdit["edit"]): PendingEdit {
  const [start, end] = node.range ?? [0, 0];
  const quote = node.type === "QUOTE_DOUBLE" ? "double" : node.type === "QUOTE_SINGLE" ? "single" : "plain";
  const replacement =
    quote === "double" || (quote === "plain" && !isPlainSafe(value))
      ? JSON.stringify(value)
      : quote === "single"
        ? `'${value.replace(/'/g, "''")}'`
        : value;
  return { start, end, replacement, edit };
}

/** Whether a string can be written as a plain YAML scalar and read back as the same string. */
function isPlainSafe(value: string): boolean {
  if (value === "" || /^\s|\s$|\n/.test(value)) return false;
  try {
    return parse(value) === value;
  } catch {
    return false;
  }
}
