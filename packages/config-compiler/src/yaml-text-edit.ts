import { isMap, isNode, isScalar, isSeq, type Node, parseDocument, stringify } from "yaml";

/**
 * Minimal text edits of a YAML file: one value replaced or one key added, every other byte (comments, key order,
 * anchors, quoting, blank lines) left as it was. Pure: text in, text out.
 */

/** What an edit writes: the source text of a node (scalar, tagged or not) or a plain value to render. */
export type EditValue =
  | { readonly kind: "text"; readonly text: string }
  | { readonly kind: "value"; readonly value: unknown };

export type TextEditResult =
  | { readonly ok: true; readonly text: string; readonly inserted: boolean; readonly under: readonly string[] }
  | { readonly ok: false; readonly reason: string };

/** Sets `path` to `value` in the YAML text: replaces the value in place, or inserts the missing keys. */
export function setYamlText(text: string, path: readonly string[], value: EditValue): TextEditResult {
  const doc = parseDocument(text, { keepSourceTokens: true });
  if (doc.errors.length > 0) return { ok: false, reason: `not valid YAML: ${doc.errors[0]!.message.split("\n")[0]}` };
  const existing = doc.getIn(path, true);
  if (isNode(existing) && existing.range) return replaceNode(text, existing, value);
  return insertKeys(text, doc.contents, path, value);
}

/** The source text of the node at `path` including its tag (`!secret sops://…`), or undefined. */
export function yamlNodeText(text: string, path: readonly string[]): string | undefined {
  const doc = parseDocument(text);
  const node = doc.getIn(path, true);
  if (!isScalar(node) || !node.range) return undefined;
  return text.slice(startWithProps(text, node), node.range[1]);
}

function replaceNode(text: string, node: Node, value: EditValue): TextEditResult {
  const start = startWithProps(text, node);
  const end = node.range![1];
  const blockNode = (isMap(node) || isSeq(node)) && !node.flow;
  const block = blockNode && value.kind === "value" && isCollection(value.value);
  let rendered = render(value, columnOf(text, start), block ? "block" : "flow");
  // a block collection's range ends past its last line break; keep that line break
  if (blockNode && text[end - 1] === "\n" && !rendered.endsWith("\n")) rendered += "\n";
  return { ok: true, text: text.slice(0, start) + rendered + text.slice(end), inserted: false, under: [] };
}

function insertKeys(text: string, root: unknown, path: readonly string[], value: EditValue): TextEditResult {
  // the deepest block map on the way that exists
  let parent: unknown = root;
  let depth = 0;
  while (depth < path.length - 1) {
    if (!isMap(parent)) break;
    const next = parent.get(path[depth]!, true);
    if (!isMap(next)) break;
    parent = next;
    depth++;
  }
  const under = path.slice(0, depth);
  if (parent !== null && parent !== undefined && !isMap(parent))
    return { ok: false, reason: `${under.join(".") || "the document"} is not a mapping` };
  if (isMap(parent) && parent.flow)
    return { ok: false, reason: `${under.join(".") || "the document"} is a flow mapping ({…}); edit it by hand` };
  if (isMap(parent) && parent.has(path[depth]!))
    return { ok: false, reason: `${[...under, path[depth]].join(".")} is not a mapping` };
  const items = isMap(parent) ? parent.items : [];
  const first = items[0]?.key;
  const indent = isNode(first) && first.range ? columnOf(text, first.range[0]) : depth === 0 ? 0 : 2 * depth;
  const rest = path.slice(depth);
  const lines: string[] = [];
  rest.forEach((key, i) => {
    const pad = " ".repeat(indent + 2 * i);
    const last = i === rest.length - 1;
    if (!last) lines.push(`${pad}${renderKey(key)}:`);
    else if (value.kind === "value" && isCollection(value.value)) {
      const inner = " ".repeat(indent + 2 * i + 2);
      lines.push(`${pad}${renderKey(key)}:`, inner + render(value, inner.length, "block").replace(/\n$/, ""));
    } else lines.push(`${pad}${renderKey(key)}: ${render(value, 0, "flow")}`);
  });
  const at = insertionPoint(text, isMap(parent) ? parent : undefined);
  const before = text.slice(0, at);
  const lead = before === "" || before.endsWith("\n") ? "" : "\n";
  return { ok: true, text: `${before}${lead}${lines.join("\n")}\n${text.slice(at)}`, inserted: true, under };
}

/** After the last entry of the map (past the end of its line), or the end of the text for a missing root. */
function insertionPoint(text: string, map: { range?: [number, number, number] | null } | undefined): number {
  if (!map?.range) return text.length;
  const valueEnd = map.range[1];
  const nl = text.indexOf("\n", Math.max(valueEnd - 1, 0));
  return nl < 0 ? text.length : nl + 1;
}

/** Where a node's text starts, including its tag and anchor (the `yaml` ranges start at the value). */
function startWithProps(text: string, node: Node): number {
  let start = node.range![0];
  const props = (node as { srcToken?: { props?: { source: string; offset: number }[] } }).srcToken?.props;
  for (const p of props ?? [])
    if (p.source.startsWith("!") || p.source.startsWith("&")) start = Math.min(start, p.offset);
  if (props === undefined && node.tag && !node.tag.startsWith("tag:yaml.org")) {
    const at = text.lastIndexOf(node.tag, start);
    if (at >= 0 && /^[ \t]*$/.test(text.slice(at + node.tag.length, start))) start = at;
  }
  return start;
}

/** A value as YAML text at `column`: block collections continue on lines indented to that column. */
function render(value: EditValue, column: number, style: "block" | "flow"): string {
  if (value.kind === "text") return value.text;
  const out = stringify(value.value, { lineWidth: 0, collectionStyle: style === "flow" ? "flow" : "any" });
  const lines = out.replace(/\n$/, "").split("\n");
  if (style === "flow" || !isCollection(value.value)) return lines.join("\n");
  return `${lines.map((line, i) => (i === 0 ? line : " ".repeat(column) + line)).join("\n")}\n`;
}

function renderKey(key: string): string {
  return /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/.test(key) ? key : JSON.stringify(key);
}

/** A non-empty list or map (empty ones are written in flow style: `[]`, `{}`). */
function isCollection(value: unknown): boolean {
  return typeof value === "object" && value !== null && Object.keys(value).length > 0;
}

function columnOf(text: string, offset: number): number {
  return offset - (text.lastIndexOf("\n", offset - 1) + 1);
}
