import type { Diagnostic, SourceSpan } from "@infraflux/diagnostics";
import { isMap, isPair, isScalar, LineCounter, parseDocument, type Document, type Node } from "yaml";

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
    diagnostics.push({
      code: "yaml-syntax",
      severity: document.errors.includes(e as never) ? "error" : "warning",
      message: e.message.split("\n")[0] ?? e.message,
      file,
      span: spanOfOffset(source, e.pos[0]),
    });
  }
  return { source, diagnostics };
}

export function spanOfOffset(source: YamlSource, offset: number): SourceSpan {
  const pos = source.lineCounter.linePos(offset);
  return { line: pos.line, column: pos.col };
}

/** Span of the value at `path`, or of the key when `key` is set (for unknown keys), else of the nearest parent. */
export function spanOfPath(source: YamlSource, path: readonly (string | number)[], key?: string): SourceSpan {
  let node: unknown = source.document.contents;
  let best: Node | undefined = isNodeLike(node) ? node : undefined;
  for (const segment of path) {
    if (!isNodeLike(node) || !("get" in node)) break;
    const next = (node as { get(k: unknown, keep: true): unknown }).get(segment, true);
    if (!isNodeLike(next)) break;
    node = next;
    best = next;
  }
  if (key !== undefined && isMap(node)) {
    const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && p.key.value === key);
    if (pair && isScalar(pair.key) && pair.key.range) return spanOfOffset(source, pair.key.range[0]);
  }
  const offset = best?.range?.[0] ?? 0;
  return spanOfOffset(source, offset);
}

function isNodeLike(value: unknown): value is Node {
  return typeof value === "object" && value !== null && "range" in value;
}
