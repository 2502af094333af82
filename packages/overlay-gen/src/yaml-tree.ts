import {
  isAlias,
  isMap,
  isScalar,
  isSeq,
  Document,
  Pair,
  parse,
  parseAllDocuments,
  Scalar,
  stringify,
  YAMLMap,
  YAMLSeq,
  type Node as YamlNode,
} from "yaml";

/**
 * A YAML value whose scalars keep their source text and style (parsed with the failsafe schema), so base and
 * patches can be written back verbatim: `010`, `1.10`, `yes` and dates are never re-typed by a YAML library.
 */
export type YNode = YScalar | YMap | YSeq;

export type ScalarStyle = "PLAIN" | "QUOTE_DOUBLE" | "QUOTE_SINGLE" | "BLOCK_LITERAL" | "BLOCK_FOLDED";

export interface YScalar {
  readonly kind: "scalar";
  /** The scalar's text as written (for quoted scalars, the unescaped content). */
  readonly value: string;
  readonly style: ScalarStyle;
  readonly tag?: string;
  /** 0-based offset in the source, when parsed from a file. */
  readonly offset?: number;
}

export interface YMap {
  readonly kind: "map";
  readonly entries: readonly (readonly [key: YScalar, value: YNode])[];
  readonly offset?: number;
}

export interface YSeq {
  readonly kind: "seq";
  readonly items: readonly YNode[];
  readonly offset?: number;
}

/** Why a YAML node cannot be represented (aliases, complex keys): the offset and a message. */
export interface TreeProblem {
  readonly offset: number;
  readonly message: string;
}

const NULL_PLAIN = new Set(["", "~", "null", "Null", "NULL"]);

export function isNullScalar(node: YNode): boolean {
  return node.kind === "scalar" && node.style === "PLAIN" && node.tag === undefined && NULL_PLAIN.has(node.value);
}

export function scalar(value: string, style: ScalarStyle = "PLAIN"): YScalar {
  return { kind: "scalar", value, style };
}

export function ymap(entries: readonly (readonly [string | YScalar, YNode])[]): YMap {
  return { kind: "map", entries: entries.map(([k, v]) => [typeof k === "string" ? plainKey(k) : k, v] as const) };
}

export function yseq(items: readonly YNode[]): YSeq {
  return { kind: "seq", items };
}

export function getEntry(map: YMap, key: string): YNode | undefined {
  return map.entries.find(([k]) => k.value === key)?.[1];
}

export function getPath(node: YNode | undefined, path: readonly string[]): YNode | undefined {
  let cur = node;
  for (const key of path) {
    if (cur?.kind !== "map") return undefined;
    cur = getEntry(cur, key);
  }
  return cur;
}

export function scalarAt(node: YNode | undefined, path: readonly string[]): string | undefined {
  const found = getPath(node, path);
  return found?.kind === "scalar" && !isNullScalar(found) ? found.value : undefined;
}

/** Structural equality; quoted styles compare equal to each other, plain and quoted do not (they may re-type). */
export function nodesEqual(a: YNode, b: YNode): boolean {
  if (a.kind === "scalar" || b.kind === "scalar") {
    return (
      a.kind === "scalar" &&
      b.kind === "scalar" &&
      a.value === b.value &&
      styleClass(a) === styleClass(b) &&
      a.tag === b.tag
    );
  }
  if (a.kind === "seq" || b.kind === "seq") {
    return (
      a.kind === "seq" &&
      b.kind === "seq" &&
      a.items.length === b.items.length &&
      a.items.every((x, i) => nodesEqual(x, b.items[i]!))
    );
  }
  if (a.entries.length !== b.entries.length) return false;
  return a.entries.every(([k, v]) => {
    const other = getEntry(b, k.value);
    return other !== undefined && nodesEqual(v, other);
  });
}

/** Plain words YAML 1.1 reads as booleans; kustomize reads them as strings in resources (YAML 1.2). */
const YAML11_BOOL_WORD = /^(y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF)$/;

function styleClass(s: YScalar): string {
  if (s.style === "QUOTE_DOUBLE" || s.style === "QUOTE_SINGLE") return "quoted";
  if (s.style === "PLAIN" && s.tag === undefined && YAML11_BOOL_WORD.test(s.value)) return "quoted";
  if (s.style === "BLOCK_LITERAL" || s.style === "BLOCK_FOLDED") return `${s.style}:${s.value}`;
  return "plain";
}

/** Converts a parsed (failsafe) yaml node into a YNode, collecting problems instead of throwing. */
export function toTree(node: unknown, problems: TreeProblem[]): YNode {
  if (node === null || node === undefined) return scalar("");
  if (isAlias(node)) {
    problems.push({
      offset: node.range?.[0] ?? 0,
      message: `YAML alias "*${node.source}" is not supported; expand the anchor`,
    });
    return scalar("");
  }
  if (isScalar(node)) {
    const tag =
      node.tag && node.tag !== "tag:yaml.org,2002:str"
        ? node.tag
        : node.tag === "tag:yaml.org,2002:str"
          ? "!!str"
          : undefined;
    const base: YScalar = {
      kind: "scalar",
      value: String(node.value ?? ""),
      style: (node.type ?? "PLAIN") as ScalarStyle,
      offset: node.range?.[0],
    };
    return tag === undefined
      ? base
      : { ...base, tag: tag.startsWith("tag:yaml.org,2002:") ? `!!${tag.slice(18)}` : tag };
  }
  if (isSeq(node)) {
    return { kind: "seq", items: node.items.map((i) => toTree(i, problems)), offset: node.range?.[0] };
  }
  if (isMap(node)) {
    const entries: (readonly [YScalar, YNode])[] = [];
    for (const pair of node.items) {
      const key = pair.key;
      if (!isScalar(key)) {
        problems.push({
          offset: (key as YamlNode | null)?.range?.[0] ?? node.range?.[0] ?? 0,
          message: "complex (non-scalar) mapping keys are not supported",
        });
        continue;
      }
      if (key.value === "<<") {
        problems.push({
          offset: key.range?.[0] ?? 0,
          message: 'YAML merge keys ("<<") are not supported; write the merged keys out',
        });
      }
      entries.push([toTree(key, problems) as YScalar, toTree(pair.value, problems)]);
    }
    return { kind: "map", entries, offset: node.range?.[0] };
  }
  problems.push({ offset: 0, message: "unsupported YAML node" });
  return scalar("");
}

function toYaml(node: YNode): YamlNode {
  if (node.kind === "scalar") {
    const s = new Scalar(node.value);
    s.type = node.style;
    if (node.tag) s.tag = node.tag.startsWith("!!") ? `tag:yaml.org,2002:${node.tag.slice(2)}` : node.tag;
    return s;
  }
  if (node.kind === "seq") {
    const seq = new YAMLSeq();
    seq.items = node.items.map(toYaml);
    seq.flow = node.items.length === 0;
    return seq;
  }
  const map = new YAMLMap();
  map.items = node.entries.map(([k, v]) => new Pair(toYaml(k), toYaml(v)));
  map.flow = node.entries.length === 0;
  return map;
}

/** Renders one document with fixed options: byte-stable for the same tree. */
export function renderYaml(node: YNode): string {
  const doc = new Document(null, { schema: "failsafe" });
  doc.contents = toYaml(node) as never;
  return doc.toString({ lineWidth: 0, indent: 2, indentSeq: true });
}

/** Renders several documents separated by `---`. */
export function renderYamlStream(nodes: readonly YNode[]): string {
  return nodes.map(renderYaml).join("---\n");
}

/** Converts a tree to plain JS with YAML 1.2 core typing (used to validate with the typed models). */
export function treeToJs(node: YNode): unknown {
  return parse(renderYaml(node));
}

/** Converts plain JS into a tree, choosing a scalar style that every YAML 1.1 or 1.2 reader types the same way. */
export function jsToTree(value: unknown): YNode {
  if (value === null || value === undefined) return scalar("null");
  if (typeof value === "number" || typeof value === "boolean") return scalar(String(value));
  if (typeof value === "string") return stringScalar(value);
  if (Array.isArray(value)) return yseq(value.map(jsToTree));
  if (typeof value === "object") {
    return ymap(
      Object.entries(value as Record<string, unknown>)
        .filter(([, v]) => v !== undefined)
        .map(([k, v]) => [plainKey(k), jsToTree(v)]),
    );
  }
  throw new TypeError(`cannot convert ${typeof value} to YAML`);
}

function plainKey(key: string): YScalar {
  return stringScalar(key);
}

const DATE_LIKE = /^\d{4}-\d\d?-\d\d?([Tt ]|$)/;

function stringScalar(value: string): YScalar {
  if (value.includes("\n")) return scalar(value, "BLOCK_LITERAL");
  const plainSafe =
    value !== "" &&
    stringify(value, { lineWidth: 0 }).trimEnd() === value &&
    parse(value, { version: "1.1" }) === value &&
    !DATE_LIKE.test(value) &&
    !/^[-+]?[0-9][0-9_]*$/.test(value);
  return scalar(value, plainSafe ? "PLAIN" : "QUOTE_DOUBLE");
}

/** Parses every document of a file with the failsafe schema. `problems` carry offsets into `text`. */
export function parseTrees(text: string, problems: TreeProblem[]): YNode[] {
  const docs = parseAllDocuments(text, { schema: "failsafe", uniqueKeys: true, prettyErrors: false });
  if (!Array.isArray(docs)) return [];
  const trees: YNode[] = [];
  for (const doc of docs) {
    for (const e of doc.errors) problems.push({ offset: e.pos[0], message: e.message.split("\n")[0] ?? e.message });
    if (doc.contents === null) continue;
    trees.push(toTree(doc.contents, problems));
  }
  return trees;
}
