import type { SourceSpan } from "@infraflux/diagnostics";

/** Where a node came from: the layer (e.g. `environment`), the repo-relative file and the span. */
export interface Origin {
  readonly layer: string;
  readonly file: string;
  readonly span: SourceSpan;
}

export type ScalarValue = string | number | bigint | boolean | null;

/** A list strategy: from a YAML tag (`!append`) or declared for a path in infraflux.config.yaml. */
export type ListStrategy =
  | { readonly kind: "replace" }
  | { readonly kind: "append" }
  | { readonly kind: "prepend" }
  | { readonly kind: "merge-by"; readonly key: string };

/** The merge tag a node carried in its layer; `undefined` means the default rule for its kind. */
export type MergeTag = "replace" | ListStrategy;

interface NodeBase {
  readonly origin: Origin;
  readonly tag?: MergeTag;
}

export interface MapEntry {
  readonly keyOrigin: Origin;
  readonly value: ConfigNode;
}

export interface MapNode extends NodeBase {
  readonly kind: "map";
  readonly entries: ReadonlyMap<string, MapEntry>;
}

export interface ListNode extends NodeBase {
  readonly kind: "list";
  readonly items: readonly ConfigNode[];
}

export interface ScalarNode extends NodeBase {
  readonly kind: "scalar";
  readonly value: ScalarValue;
}

/** `!unset`: removes the key set by an earlier layer. Never survives a merge. */
export interface UnsetNode extends NodeBase {
  readonly kind: "unset";
}

/** `!secret <ref>`: a reference that is never resolved into any output. */
export interface SecretNode extends NodeBase {
  readonly kind: "secret";
  readonly ref: string;
}

export type ConfigNode = MapNode | ListNode | ScalarNode | UnsetNode | SecretNode;

/** One parsed input file: its layer name, path and root node (a map, or undefined for an empty file). */
export interface ConfigLayer {
  readonly layer: string;
  readonly file: string;
  readonly root: MapNode | undefined;
  /** The layer file whose `import:` brought this file in (absent for the layer's own file). */
  readonly importedBy?: string;
}

export function kindName(node: ConfigNode): string {
  if (node.kind !== "scalar") return node.kind === "map" ? "map" : node.kind === "list" ? "list" : node.kind;
  const v = node.value;
  if (v === null) return "null";
  if (typeof v === "bigint" || typeof v === "number") return "number";
  return typeof v;
}

/** Splits a dot path (`compute.pools.0.name`) into segments. */
export function splitPath(path: string): string[] {
  return path === "" ? [] : path.split(".");
}

export function joinPath(parent: string, key: string | number): string {
  return parent === "" ? String(key) : `${parent}.${key}`;
}

/** The node at a dot path, or undefined. Numeric segments index lists. */
export function nodeAt(root: ConfigNode | undefined, path: string): ConfigNode | undefined {
  let node: ConfigNode | undefined = root;
  for (const seg of splitPath(path)) {
    if (!node) return undefined;
    if (node.kind === "map") node = node.entries.get(seg)?.value;
    else if (node.kind === "list" && /^\d+$/.test(seg)) node = node.items[Number(seg)];
    else return undefined;
  }
  return node;
}

/** The first `!secret` at or below a node, with its dot path. */
export function findSecret(node: ConfigNode, path: string): { node: ConfigNode; path: string } | undefined {
  if (node.kind === "secret") return { node, path };
  if (node.kind === "map")
    for (const [k, e] of node.entries) {
      const hit = findSecret(e.value, joinPath(path, k));
      if (hit) return hit;
    }
  if (node.kind === "list")
    for (const [i, n] of node.items.entries()) {
      const hit = findSecret(n, joinPath(path, i));
      if (hit) return hit;
    }
  return undefined;
}

/** Converts a tree to plain JS (secrets become `{ $secret: ref }`). Integers stay bigint. */
export function toPlain(node: ConfigNode): unknown {
  switch (node.kind) {
    case "map":
      return Object.fromEntries([...node.entries].map(([k, e]) => [k, toPlain(e.value)]));
    case "list":
      return node.items.map(toPlain);
    case "scalar":
      return node.value;
    case "secret":
      return { $secret: node.ref };
    case "unset":
      return undefined;
  }
}

/** Byte-wise (UTF-8) key order, the order Terraform and Go use. */
export function compareKeys(a: string, b: string): number {
  // UTF-16 order equals UTF-8 byte order unless a surrogate pair meets U+E000–U+FFFF
  if (!NEEDS_BYTES.test(a) || !NEEDS_BYTES.test(b)) return a < b ? -1 : a > b ? 1 : 0;
  return Buffer.compare(Buffer.from(a, "utf8"), Buffer.from(b, "utf8"));
}

const byKey = (x: [string, unknown], y: [string, unknown]): number => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0);

const NEEDS_BYTES = /[\uD800-\uDFFF\uE000-\uFFFF]/;

export function sortedEntries<T>(entries: Iterable<[string, T]>): [string, T][] {
  const list = [...entries];
  // compareKeys only needs bytes when both keys hold such characters: otherwise sort by UTF-16 code units
  // (no destructuring in the comparators: this runs for every map of every output)
  return list.some((e) => NEEDS_BYTES.test(e[0])) ? list.sort((x, y) => compareKeys(x[0], y[0])) : list.sort(byKey);
}

/** A map node's entries in byte-wise key order. */
export function sortedMapEntries(node: MapNode): [string, MapEntry][] {
  return sortedEntries(node.entries);
}
