import type { Diagnostic } from "./diagnostic.ts";

/** `file:line:col severity [code] message` plus an indented hint and related locations. */
export function formatDiagnostic(d: Diagnostic): string {
  const where = d.file ? `${d.file}${d.span ? `:${d.span.line}:${d.span.column}` : ""} ` : "";
  const lines = [`${where}${d.severity} [${d.code}] ${d.message}`];
  if (d.hint) lines.push(`  hint: ${d.hint}`);
  for (const r of d.related ?? []) {
    lines.push(`  related: ${r.file}${r.span ? `:${r.span.line}:${r.span.column}` : ""} ${r.message}`);
  }
  return lines.join("\n");
}

/** A code frame: the offending line with a caret under the column. */
export function formatCodeFrame(source: string, d: Diagnostic): string | undefined {
  if (!d.span) return undefined;
  const lines = source.split("\n");
  const text = lines[d.span.line - 1];
  if (text === undefined) return undefined;
  const num = String(d.span.line);
  const gutter = " ".repeat(num.length);
  const width = Math.max(
    1,
    (d.span.endLine === d.span.line ? (d.span.endColumn ?? d.span.column + 1) : d.span.column + 1) - d.span.column,
  );
  return `${num} | ${text}\n${gutter} | ${" ".repeat(Math.max(0, d.span.column - 1))}${"^".repeat(width)}`;
}

export interface FormatDiagnosticsOptions {
  /** The text of a file, for code frames (on a terminal); undefined leaves the frame out. */
  readonly sourceOf?: (file: string) => string | undefined;
  /** Text printed after a diagnostic (and its frame), e.g. a diagram that explains it. */
  readonly after?: (d: Diagnostic) => string | undefined;
}

/** Diagnostics grouped by file (in order of first appearance), each with its code frame when the source is given. */
export function formatDiagnostics(diagnostics: readonly Diagnostic[], options: FormatDiagnosticsOptions = {}): string {
  const byFile = new Map<string, Diagnostic[]>();
  for (const d of diagnostics) byFile.set(d.file ?? "", [...(byFile.get(d.file ?? "") ?? []), d]);
  let out = "";
  for (const [file, list] of byFile) {
    const source = file && options.sourceOf ? options.sourceOf(file) : undefined;
    for (const d of list) {
      out += `${formatDiagnostic(d)}\n`;
      const frame = source === undefined ? undefined : formatCodeFrame(source, d);
      if (frame) out += `${frame}\n`;
      out += options.after?.(d) ?? "";
    }
  }
  return out;
}

export function summarizeDiagnostics(diagnostics: readonly Diagnostic[]): string {
  const count = (s: string) => diagnostics.filter((d) => d.severity === s).length;
  const e = count("error");
  const w = count("warning");
  return `${e} error${e === 1 ? "" : "s"}, ${w} warning${w === 1 ? "" : "s"}`;
}
