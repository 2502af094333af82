import { spanAt, type SourceSpan } from "@infraflux/diagnostics";
import { isMap, isPair, isScalar, isSeq, type Node } from "yaml";

/** A parsed YAML document and where its lines start (`lineCounter.lineStarts`, or `lineStartsOf(text)`). */
export interface YamlPositions {
  readonly document: { readonly contents: unknown };
  readonly lineStarts: readonly number[];
}

export interface YamlPathSpanOptions {
  /** Put the caret on the key of the deepest map entry reached rather than on its value. Default false. */
  readonly key?: boolean;
  /** Include where the node ends (`endLine`, `endColumn`). Default false. */
  readonly end?: boolean;
}

/** 0-based offsets at which each line of `text` starts. */
export function lineStartsOf(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) starts.push(i + 1);
  return starts;
}

/**
 * The span of the node at a dot path (`["rules", 3, "from"]`); when the path does not exist, of the nearest
 * existing ancestor. With `key`, the caret goes on the key the user wrote when the path ends at a map entry.
 * Undefined only for a document without contents.
 */
export function yamlPathSpan(
  positions: YamlPositions,
  path: readonly (string | number)[],
  options: YamlPathSpanOptions = {},
): SourceSpan | undefined {
  const found = nodeAtPath(positions.document.contents, path, options.key ?? false);
  if (!found?.range) return undefined;
  const start = spanAt(positions.lineStarts, found.range[0]);
  if (!options.end) return start;
  const end = spanAt(positions.lineStarts, found.range[1]);
  return { ...start, endLine: end.line, endColumn: end.column };
}

function nodeAtPath(root: unknown, path: readonly (string | number)[], onKey: boolean): Node | undefined {
  let node = root;
  let best: Node | undefined = hasRange(node) ? node : undefined;
  for (const segment of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(segment));
      if (!pair) break;
      const keyNode = hasRange(pair.key) ? pair.key : undefined;
      if (!hasRange(pair.value)) return keyNode ?? best;
      node = pair.value;
      best = onKey && keyNode ? keyNode : pair.value;
    } else if (isSeq(node)) {
      const item = node.items[Number(segment)];
      if (!hasRange(item)) break;
      node = item;
      best = item;
    } else break;
  }
  return best;
}

function hasRange(value: unknown): value is Node & { range: [number, number, number] } {
  return typeof value === "object" && value !== null && Array.isArray((value as Node).range);
}
