import type { Diagnostic } from "@infraflux/diagnostics";
import {
  joinPath,
  kindName,
  type ConfigNode,
  type ListNode,
  type ListStrategy,
  type MapEntry,
  type MapNode,
} from "./tree.ts";

export interface MergeOptions {
  /** Declared list strategies by dot path (`compute.pools` → merge-by name); numeric segments are written `*`. */
  readonly listStrategies?: ReadonlyMap<string, ListStrategy>;
}

export interface MergeResult {
  readonly root: MapNode;
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * Merges layers left to right. Maps merge deeply; scalars and lists replace; `null` is an ordinary value;
 * `!unset` removes a key; `!replace` replaces a map or list wholesale; `!append`, `!prepend` and
 * `!merge-by:<key>` (or a strategy declared for the path) combine lists. A map against a non-map is a
 * `type-clash` citing both positions. Pure: inputs are never mutated.
 */
export function mergeLayers(roots: readonly (MapNode | undefined)[], options: MergeOptions = {}): MergeResult {
  const diagnostics: Diagnostic[] = [];
  let acc: MapNode | undefined;
  for (const root of roots) {
    if (!root) continue;
    acc = acc ? mergeMaps(acc, root, "", options, diagnostics) : (strip(root, "", options, diagnostics) as MapNode);
  }
  const empty: MapNode = {
    kind: "map",
    entries: new Map(),
    origin: { layer: "", file: "", span: { line: 1, column: 1 } },
  };
  return { root: acc ?? empty, diagnostics };
}

/** Merges two nodes; `undefined` means the key is absent (after `!unset`). */
export function mergeNodes(
  base: ConfigNode | undefined,
  over: ConfigNode,
  path: string,
  options: MergeOptions,
  diagnostics: Diagnostic[],
): ConfigNode | undefined {
  if (over.kind === "unset") {
    if (base === undefined)
      diagnostics.push({
        code: "unset-absent",
        severity: "warning",
        message: `"${path}" is unset here but no earlier layer sets it`,
        file: over.origin.file,
        span: over.origin.span,
        path,
        hint: "remove the !unset, or check the key's spelling",
      });
    return undefined;
  }
  if (base === undefined || base.kind === "unset") return strip(over, path, options, diagnostics);
  if (over.tag === "replace") return strip(over, path, options, diagnostics);
  if (over.kind === "map") {
    if (base.kind === "map") return mergeMaps(base, over, path, options, diagnostics);
    if (!(base.kind === "scalar" && base.value === null)) diagnostics.push(clash(base, over, path));
    return strip(over, path, options, diagnostics);
  }
  if (base.kind === "map" && !(over.kind === "scalar" && over.value === null)) {
    diagnostics.push(clash(base, over, path));
    return strip(over, path, options, diagnostics);
  }
  if (over.kind === "list" && base.kind === "list") return mergeLists(base, over, path, options, diagnostics);
  return strip(over, path, options, diagnostics);
}

function mergeMaps(
  base: MapNode,
  over: MapNode,
  path: string,
  options: MergeOptions,
  diagnostics: Diagnostic[],
): MapNode {
  const entries = new Map<string, MapEntry>(base.entries);
  for (const [key, entry] of over.entries) {
    const merged = mergeNodes(base.entries.get(key)?.value, entry.value, joinPath(path, key), options, diagnostics);
    if (merged === undefined) entries.delete(key);
    else entries.set(key, { keyOrigin: base.entries.get(key)?.keyOrigin ?? entry.keyOrigin, value: merged });
  }
  return { kind: "map", entries, origin: base.origin };
}

function mergeLists(
  base: ListNode,
  over: ListNode,
  path: string,
  options: MergeOptions,
  diagnostics: Diagnostic[],
): ListNode {
  const strategy = listStrategyFor(over, path, options);
  const items = over.items
    .map((item, i) => strip(item, joinPath(path, i), options, diagnostics))
    .filter((n): n is ConfigNode => n !== undefined);
  const result = (list: readonly ConfigNode[]): ListNode => ({ kind: "list", items: list, origin: over.origin });
  switch (strategy.kind) {
    case "replace":
      return result(items);
    case "append":
      return result([...base.items, ...items]);
    case "prepend":
      return result([...items, ...base.items]);
    case "merge-by": {
      const out = [...base.items];
      for (const [i, item] of over.items.entries()) {
        const key = mergeKeyOf(item, strategy.key);
        if (key === undefined) {
          diagnostics.push({
            code: "merge-key-missing",
            severity: "error",
            message: `list item has no scalar "${strategy.key}" to merge by`,
            file: item.origin.file,
            span: item.origin.span,
            path: joinPath(path, i),
            hint: `give every item of this list a "${strategy.key}" key, or drop the merge-by strategy`,
          });
          continue;
        }
        const at = out.findIndex((b) => mergeKeyOf(b, strategy.key) === key);
        const merged = mergeNodes(
          at >= 0 ? out[at] : undefined,
          item,
          joinPath(path, at >= 0 ? at : out.length),
          options,
          diagnostics,
        );
        if (at >= 0) {
          if (merged === undefined) out.splice(at, 1);
          else out[at] = merged;
        } else if (merged !== undefined) out.push(merged);
      }
      return result(out);
    }
  }
}

/** The strategy for a list: its own tag, else the strategy declared for its path, else replace. */
export function listStrategyFor(list: ListNode, path: string, options: MergeOptions): ListStrategy {
  if (list.tag && list.tag !== "replace") return list.tag;
  if (list.tag === "replace") return { kind: "replace" };
  return options.listStrategies?.get(path.replace(/(^|\.)\d+(?=\.|$)/g, "$1*")) ?? { kind: "replace" };
}

function mergeKeyOf(node: ConfigNode | undefined, key: string): string | undefined {
  if (node?.kind !== "map") return undefined;
  const v = node.entries.get(key)?.value;
  return v?.kind === "scalar" && v.value !== null ? `${typeof v.value}:${String(v.value)}` : undefined;
}

/** Drops merge tags and `!unset` markers from a node that is set without a base (an `!unset` there removes nothing). */
function strip(
  node: ConfigNode,
  path: string,
  options: MergeOptions,
  diagnostics: Diagnostic[],
): ConfigNode | undefined {
  if (node.kind === "unset") return undefined;
  if (isPlain(node)) return node;
  if (node.kind === "map") {
    const entries = new Map<string, MapEntry>();
    for (const [k, e] of node.entries) {
      const v = strip(e.value, joinPath(path, k), options, diagnostics);
      if (v !== undefined) entries.set(k, { keyOrigin: e.keyOrigin, value: v });
    }
    return { kind: "map", entries, origin: node.origin };
  }
  if (node.kind === "list") {
    const items = node.items
      .map((n, i) => strip(n, joinPath(path, i), options, diagnostics))
      .filter((n): n is ConfigNode => n !== undefined);
    return { kind: "list", items, origin: node.origin };
  }
  if (node.tag === undefined) return node;
  const { tag: _tag, ...rest } = node;
  return rest as ConfigNode;
}

function clash(base: ConfigNode, over: ConfigNode, path: string): Diagnostic {
  return {
    code: "type-clash",
    severity: "error",
    message: `"${path}" is a ${kindName(over)} here but a ${kindName(base)} in ${base.origin.file}:${base.origin.span.line}:${base.origin.span.column}`,
    file: over.origin.file,
    span: over.origin.span,
    path,
    hint: "change one of them, or tag this value !replace to replace the earlier value wholesale",
    related: [
      {
        file: base.origin.file,
        span: base.origin.span,
        message: `the earlier ${kindName(base)} (${base.origin.layer})`,
      },
    ],
  };
}

const plainCache = new WeakMap<ConfigNode, boolean>();

/** No merge tags and no `!unset` anywhere below: the node can be shared as it is (trees are never mutated). */
function isPlain(node: ConfigNode): boolean {
  if (node.kind === "unset" || node.tag !== undefined) return false;
  if (node.kind !== "map" && node.kind !== "list") return true;
  const hit = plainCache.get(node);
  if (hit !== undefined) return hit;
  let result = true;
  if (node.kind === "map") {
    for (const e of node.entries.values())
      if (!isPlain(e.value)) {
        result = false;
        break;
      }
  } else result = node.items.every(isPlain);
  plainCache.set(node, result);
  return result;
}
