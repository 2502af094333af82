import { getEntry, isNullScalar, nodesEqual, scalar, ymap, type YMap, type YNode, type YScalar } from "./yaml-tree.ts";

/** One RFC 6902 operation, used where a strategic-merge patch cannot express the change exactly. */
export interface JsonPatchOp {
  readonly op: "add" | "replace";
  /** JSON pointer, already escaped. */
  readonly path: string;
  readonly value: YNode;
}

/**
 * The change from one object to another as kustomize applies it: a strategic-merge part (maps merge, `null`
 * deletes, `$patch: replace` clears a map) followed by JSON 6902 operations for what SMP cannot say exactly
 * (explicit nulls; on built-in kinds, any list that already exists, because SMP merges and reorders keyed lists).
 */
export interface ObjectPatch {
  /** Partial object holding only the changed keys, or undefined when nothing changes through SMP. */
  readonly merge: YMap | undefined;
  readonly ops: readonly JsonPatchOp[];
}

export interface DiffOptions {
  /** Built-in kinds get JSON 6902 `replace` for changed lists (kustomize #5904 reorders merged lists). */
  readonly builtin: boolean;
}

/** The common part of several trees: equal scalars and lists, and maps recursively (non-empty ones only). */
export function intersectTrees(nodes: readonly YNode[], atRoot = true): YNode | undefined {
  const [first, ...rest] = nodes;
  if (first === undefined) return undefined;
  if (rest.every((n) => nodesEqual(first, n))) return first;
  if (first.kind !== "map" || !rest.every((n) => n.kind === "map")) return undefined;
  const maps = nodes as readonly YMap[];
  const entries: (readonly [YScalar, YNode])[] = [];
  for (const [key, value] of first.entries) {
    const others = rest.map((m) => getEntry(m as YMap, key.value));
    if (others.some((o) => o === undefined)) continue;
    const common = intersectTrees([value, ...(others as YNode[])], false);
    if (common !== undefined) entries.push([key, common]);
  }
  if (entries.length === 0 && !atRoot) return undefined;
  return { kind: "map", entries, offset: maps[0]?.offset };
}

/** Computes the patch that turns `from` into `to` (both whole objects). */
export function diffObjects(from: YMap, to: YMap, options: DiffOptions): ObjectPatch {
  const ops: JsonPatchOp[] = [];
  const merge = diffMaps(from, to, "", ops, options);
  return { merge, ops };
}

function diffMaps(from: YMap, to: YMap, pointer: string, ops: JsonPatchOp[], options: DiffOptions): YMap | undefined {
  const entries: (readonly [YScalar, YNode])[] = [];
  for (const [key] of from.entries) {
    if (getEntry(to, key.value) === undefined) entries.push([key, scalar("null")]);
  }
  for (const [key, target] of to.entries) {
    const path = `${pointer}/${escapePointer(key.value)}`;
    const source = getEntry(from, key.value);
    if (source !== undefined && nodesEqual(source, target)) continue;
    if (source?.kind === "map" && target.kind === "map") {
      if (target.entries.length === 0) {
        ops.push({ op: "replace", path, value: target }); // SMP `{}` onto a map is a no-op (T8)
        continue;
      }
      const sub = diffMaps(source, target, path, ops, options);
      if (sub !== undefined) entries.push([key, sub]);
      continue;
    }
    if (source?.kind === "seq" && target.kind === "seq" && options.builtin) {
      // Built-in kinds merge keyed lists and reorder them (#5904): replace the list exactly instead.
      if (target.items.length > 0 && target.items.every((i) => i.kind === "map") && !containsNull(target)) {
        entries.push([key, { kind: "seq", items: [ymap([["$patch", scalar("replace")]]), ...target.items] }]);
      } else ops.push({ op: "replace", path, value: forJsonPatch(target) });
      continue;
    }
    if (isNullScalar(target)) {
      ops.push({ op: source === undefined ? "add" : "replace", path, value: target }); // SMP null would delete
      continue;
    }
    if (target.kind === "map" && containsMapNull(target)) {
      // SMP sets the map without its nulls (parents stay as `{}`), then each null is added by JSON 6902.
      entries.push([key, stripNulls(target)]);
      ops.push(...nullLeaves(target, path));
      continue;
    }
    entries.push([key, target]);
  }
  return entries.length === 0 ? undefined : { kind: "map", entries };
}

/** Whether a null sits directly in a map somewhere (outside lists, where SMP keeps nulls as values). */
function containsMapNull(map: YMap): boolean {
  return map.entries.some(([, v]) => isNullScalar(v) || (v.kind === "map" && containsMapNull(v)));
}

function nullLeaves(map: YMap, pointer: string): JsonPatchOp[] {
  return map.entries.flatMap(([k, v]) => {
    const path = `${pointer}/${escapePointer(k.value)}`;
    if (isNullScalar(v)) return [{ op: "add" as const, path, value: v }];
    return v.kind === "map" ? nullLeaves(v, path) : [];
  });
}

const YAML11_BOOL = /^(y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF)$/;

/**
 * kustomize reads JSON 6902 values as YAML 1.1 (`yes`, `on`, `n` become booleans) while it reads resources as
 * YAML 1.2 (they stay strings), so such plain scalars are quoted in operations to keep their meaning.
 */
export function forJsonPatch(node: YNode): YNode {
  if (node.kind === "scalar")
    return node.style === "PLAIN" && node.tag === undefined && YAML11_BOOL.test(node.value)
      ? { ...node, style: "QUOTE_DOUBLE" }
      : node;
  if (node.kind === "seq") return { ...node, items: node.items.map(forJsonPatch) };
  return { ...node, entries: node.entries.map(([k, v]) => [k, forJsonPatch(v)] as const) };
}

export function containsNull(node: YNode): boolean {
  if (node.kind === "scalar") return isNullScalar(node);
  if (node.kind === "seq") return node.items.some(containsNull);
  return node.entries.some(([, v]) => containsNull(v));
}

export function escapePointer(key: string): string {
  return key.replace(/~/g, "~0").replace(/\//g, "~1");
}

function unescapePointer(token: string): string {
  return token.replace(/~1/g, "/").replace(/~0/g, "~");
}

/** True when `patch` changes nothing. */
export function isEmptyPatch(patch: ObjectPatch): boolean {
  return patch.merge === undefined && patch.ops.length === 0;
}

/**
 * Applies a patch the way kustomize v5.5 does on custom resources (and on built-in kinds for the subset
 * `diffObjects` emits): JSON merge patch for the SMP part, then the JSON 6902 operations in order.
 */
export function applyObjectPatch(base: YMap, patch: ObjectPatch): YMap {
  let result = patch.merge === undefined ? base : mergeMaps(base, patch.merge);
  for (const op of patch.ops) result = applyOp(result, op);
  return result;
}

function mergeMaps(base: YMap, patch: YMap): YMap {
  const entries: (readonly [YScalar, YNode])[] = [];
  for (const [key, value] of base.entries) {
    const p = getEntry(patch, key.value);
    if (p === undefined) entries.push([key, value]);
    else if (isNullScalar(p)) continue;
    else if (p.kind === "map" && isReplaceDirective(p)) entries.push([key, ymap([])]);
    else if (p.kind === "map" && value.kind === "map") entries.push([key, mergeMaps(value, p)]);
    else entries.push([key, p.kind === "map" ? stripNulls(p) : withoutReplaceMarker(p)]);
  }
  for (const [key, p] of patch.entries) {
    if (getEntry(base, key.value) !== undefined || isNullScalar(p)) continue;
    entries.push([key, p.kind === "map" ? stripNulls(p) : p]);
  }
  return { kind: "map", entries };
}

function withoutReplaceMarker(node: YNode): YNode {
  if (node.kind !== "seq") return node;
  const [first, ...rest] = node.items;
  return first?.kind === "map" && isReplaceDirective(first) ? { ...node, items: rest } : node;
}

function isReplaceDirective(map: YMap): boolean {
  const d = getEntry(map, "$patch");
  return d?.kind === "scalar" && d.value === "replace" && map.entries.length === 1;
}

function stripNulls(map: YMap): YMap {
  return {
    kind: "map",
    entries: map.entries
      .filter(([, v]) => !isNullScalar(v))
      .map(([k, v]) => [k, v.kind === "map" ? stripNulls(v) : v] as const),
  };
}

function applyOp(root: YMap, op: JsonPatchOp): YMap {
  const tokens = op.path.split("/").slice(1).map(unescapePointer);
  return setIn(root, tokens, op.value) as YMap;
}

function setIn(node: YNode, tokens: readonly string[], value: YNode): YNode {
  const [head, ...rest] = tokens;
  if (head === undefined) return value;
  if (node.kind !== "map") throw new Error(`JSON patch path through a non-map at "${head}"`);
  const existing = getEntry(node, head);
  if (existing === undefined && rest.length > 0) throw new Error(`JSON patch path "${head}" does not exist`);
  const next = existing === undefined ? value : setIn(existing, rest, value);
  if (existing === undefined) return { kind: "map", entries: [...node.entries, [scalar(head), next]] };
  return {
    kind: "map",
    entries: node.entries.map(([k, v]) => (k.value === head ? ([k, next] as const) : ([k, v] as const))),
  };
}

/** Deep-merges `overlay` onto `base` with JSON merge patch semantics (maps merge, lists replace, null deletes). */
export function mergeValues(base: YNode | undefined, overlay: YNode | undefined): YNode | undefined {
  if (overlay === undefined) return base;
  if (isNullScalar(overlay)) return undefined;
  if (base?.kind === "map" && overlay.kind === "map") return mergeMaps(base, overlay);
  return overlay.kind === "map" ? stripNulls(overlay) : overlay;
}
