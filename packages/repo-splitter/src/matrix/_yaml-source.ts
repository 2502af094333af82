import type { Diagnostic, SourceSpan } from "@infraflux/diagnostics";
import { yamlPathSpan } from "@infraflux/input";
import { type Document, LineCounter, parseDocument } from "yaml";

/** A parsed YAML document that can answer "where is this path" for diagnostics. */
export interface YamlSource {
  readonly file: string;
  readonly document: Document.Parsed;
  readonly lineCounter: LineCounter;
}

export function parseYamlSource(file: string, text: string): { source: YamlSource; diagnostics: Diagnostic[] } {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const source = { file, document, lineCounter };
  const diagnostics: Diagnostic[] = [];
  for (const e of [...document.errors, ...document.warnings]) {
    const pos = lineCounter.linePos(e.pos[0]);
    diagnostics.push({
      code: "yaml-syntax",
      severity: document.errors.includes(e as never) ? "error" : "warning",
      message: e.message.split("\n")[0] ?? e.message,
      file,
      span: { line: pos.line, column: pos.col },
    });
  }
  return { source, diagnostics };
}

/** Span of the value at `path` (of the nearest existing parent when it is absent); line 1 for an empty document. */
export function spanOf(source: YamlSource, path: readonly (string | number)[]): SourceSpan {
  return yamlPathSpan(positionsOf(source), path) ?? { line: 1, column: 1 };
}

export function positionsOf(source: YamlSource): { document: Document.Parsed; lineStarts: readonly number[] } {
  return { document: source.document, lineStarts: source.lineCounter.lineStarts };
}
