import { globToRegExp } from "@infraflux/input";
import { closestMatch, type Diagnostic } from "@infraflux/diagnostics";
import {
  applicableSchemas,
  declaredProperties,
  type JsonSchemaNode,
  listsItsKeys,
  type SchemaKeys,
  schemasOfItems,
  schemasOfKey,
} from "./json-schema-keys.ts";
import { joinPath, kindName, type ConfigNode, type MapNode } from "./tree.ts";

export interface ShapeOptions {
  /** Paths whose maps accept keys the defaults do not define (`*` matches one segment). */
  readonly openPaths?: readonly string[];
  /** The final config's JSON Schema: a key it declares is known even where the defaults do not define it (catalogs). */
  readonly schema?: SchemaKeys | undefined;
}

/**
 * Checks one layer against the merged defaults, which define the shape of the config: every key must be
 * defined by the defaults (an empty map `{}` or an open path accepts any key), and every value's type must
 * agree with the default's (`null` in the defaults accepts any type; `null` as a value is always allowed).
 */
export function checkLayerShape(defaults: MapNode, layer: MapNode, options: ShapeOptions = {}): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const open = (options.openPaths ?? []).map((glob) => globToRegExp(glob, { separator: "." }));
  checkMap(defaults, layer, "", { open, schema: options.schema }, diagnostics);
  return diagnostics;
}

interface ShapeContext {
  readonly open: readonly RegExp[];
  readonly schema: SchemaKeys | undefined;
}

function checkMap(shape: MapNode, layer: MapNode, path: string, ctx: ShapeContext, out: Diagnostic[]): void {
  const isOpen = shape.entries.size === 0 || ctx.open.some((r) => r.test(path));
  for (const [key, entry] of layer.entries) {
    const childPath = joinPath(path, key);
    const expected = shape.entries.get(key)?.value;
    if (expected !== undefined) {
      checkNode(expected, entry.value, childPath, ctx, out);
      continue;
    }
    if (isOpen) continue;
    const declared = ctx.schema ? schemasAt(ctx.schema, childPath) : [];
    if (declared.length > 0 && ctx.schema) checkAgainstSchema(ctx.schema, declared, entry.value, childPath, out);
    else out.push(unknownKey(key, childPath, entry.keyOrigin, [...shape.entries.keys()], "the defaults"));
  }
}

/** Below a key only the JSON Schema declares: keys the schema does not list are unknown (with its names as hints). */
function checkAgainstSchema(
  keys: SchemaKeys,
  nodes: readonly JsonSchemaNode[],
  node: ConfigNode,
  path: string,
  out: Diagnostic[],
): void {
  if (node.kind === "list")
    for (const [i, item] of node.items.entries())
      checkAgainstSchema(keys, schemasOfItems(keys, nodes), item, joinPath(path, i), out);
  if (node.kind !== "map") return;
  for (const [key, entry] of node.entries) {
    const childPath = joinPath(path, key);
    const child = schemasOfKey(keys, nodes, key);
    if (child.length > 0) checkAgainstSchema(keys, child, entry.value, childPath, out);
    else if (listsItsKeys(nodes))
      out.push(
        unknownKey(key, childPath, entry.keyOrigin, declaredProperties(nodes), "the defaults or the JSON Schema"),
      );
  }
}

/** The schemas that apply at a dot path of the config (numeric segments are list items). */
function schemasAt(keys: SchemaKeys, path: string): JsonSchemaNode[] {
  let nodes = applicableSchemas(keys, keys.root);
  for (const segment of path.split(".")) {
    if (nodes.length === 0) break;
    nodes = /^\d+$/.test(segment) ? schemasOfItems(keys, nodes) : schemasOfKey(keys, nodes, segment);
  }
  return nodes;
}

function checkNode(expected: ConfigNode, actual: ConfigNode, path: string, ctx: ShapeContext, out: Diagnostic[]): void {
  if (actual.kind === "unset" || actual.tag === "replace") return;
  if (expected.kind === "scalar" && expected.value === null) return;
  if (actual.kind === "scalar" && actual.value === null) return;
  if (expected.kind === "map" && actual.kind === "map") return checkMap(expected, actual, path, ctx, out);
  if (expected.kind === "list" && actual.kind === "list") {
    const itemShape = listItemShape(expected);
    if (itemShape)
      for (const [i, item] of actual.items.entries()) checkNode(itemShape, item, joinPath(path, i), ctx, out);
    return;
  }
  const want = typeName(expected);
  const got = typeName(actual);
  if (want === got) return;
  // map-versus-non-map is reported by the merge as a type-clash with both positions
  if ((expected.kind === "map") !== (actual.kind === "map")) return;
  out.push({
    code: "type-mismatch",
    severity: "error",
    message: `"${path}" must be a ${want} like its default, found a ${got}`,
    file: actual.origin.file,
    span: actual.origin.span,
    path,
    hint:
      want === "string" && got !== "list"
        ? "quote the value to make it a string"
        : `the default is set in ${expected.origin.file}:${expected.origin.span.line}:${expected.origin.span.column}`,
    related: [{ file: expected.origin.file, span: expected.origin.span, message: `default ${want}` }],
  });
}

/** A secret stands for a string. */
function typeName(node: ConfigNode): string {
  return node.kind === "secret" ? "string" : kindName(node);
}

/** The union of the default list's map items (so every item key is checked), or its first item. */
function listItemShape(list: ConfigNode & { kind: "list" }): ConfigNode | undefined {
  const first = list.items[0];
  if (!first) return undefined;
  if (!list.items.every((i) => i.kind === "map")) return first;
  const entries = new Map<string, never>();
  const merged = new Map([...list.items].reverse().flatMap((i) => (i.kind === "map" ? [...i.entries] : [])));
  for (const [k, v] of merged) entries.set(k, v as never);
  return { kind: "map", entries, origin: first.origin };
}

function unknownKey(
  key: string,
  path: string,
  origin: ConfigNode["origin"],
  candidates: readonly string[],
  definedBy: string,
): Diagnostic {
  const suggestion = suggestKey(key, candidates);
  return {
    code: "unknown-key",
    severity: "error",
    message: `"${path}" is not defined by ${definedBy}.${suggestion ? ` Did you mean "${suggestion}"?` : ""}`,
    file: origin.file,
    span: origin.span,
    path,
    hint: suggestion
      ? `rename it to "${suggestion}", or define "${path}" in config/defaults/`
      : `known keys here: ${candidates.slice(0, 12).join(", ") || "(none)"}; define it in config/defaults/ or list the path under openPaths`,
  };
}

/** "Did you mean": small edit distance first, then a key that the typo starts or ends with (clusterOverrides → cluster). */
export function suggestKey(key: string, candidates: readonly string[]): string | undefined {
  const close = closestMatch(key, candidates);
  if (close) return close;
  const lower = key.toLowerCase();
  const affix = candidates.filter(
    (c) => c.length >= 3 && (lower.startsWith(c.toLowerCase()) || lower.endsWith(c.toLowerCase())),
  );
  return affix.sort((a, b) => b.length - a.length)[0];
}
