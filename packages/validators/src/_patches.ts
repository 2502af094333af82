import { parse } from "yaml";
import { apiGroup, isRecord, type K8sObject } from "./model.ts";

/**
 * kustomize and Flux complete objects before anything is applied: a kustomization's `patches` (and its components'),
 * then a Flux Kustomization's `spec.patches`. This applies them in TypeScript, for the subset validation needs:
 * strategic-merge patches as JSON merge patches (lists of named items merged by name), JSON6902 add/replace/remove.
 */
export interface Patch {
  /** A partial object (strategic merge) or a list of JSON6902 operations. */
  readonly body: Readonly<Record<string, unknown>> | readonly unknown[];
  readonly target?: Readonly<Record<string, unknown>>;
}

/** Reads one `patches:` entry; `load(path)` returns the parsed documents of a patch file. */
export function readPatch(entry: unknown, load: (path: string) => readonly unknown[]): Patch[] {
  const target = isRecord(entry) && isRecord(entry.target) ? entry.target : undefined;
  let bodies: readonly unknown[] = [];
  if (isRecord(entry) && typeof entry.patch === "string") bodies = parseAll(entry.patch);
  else if (isRecord(entry) && typeof entry.path === "string") bodies = load(entry.path);
  else if (typeof entry === "string") bodies = load(entry);
  return bodies.flatMap((body) =>
    isRecord(body) || Array.isArray(body) ? [{ body, ...(target ? { target } : {}) }] : [],
  );
}

function parseAll(text: string): unknown[] {
  try {
    return [parse(text, { merge: true, logLevel: "silent" }) as unknown];
  } catch {
    return [];
  }
}

/** Whether a patch applies to an object: its `target` selector, else the patch's own kind and name. */
export function patchMatches(patch: Patch, obj: K8sObject): boolean {
  const t = patch.target ?? (isRecord(patch.body) ? identity(patch.body) : undefined);
  if (!t) return false;
  const re = (v: unknown, actual: string) => typeof v !== "string" || new RegExp(`^(?:${v})$`).test(actual);
  const [group, version] = splitApiVersion(obj.apiVersion);
  return (
    re(t.kind, obj.kind) &&
    re(t.name, obj.name) &&
    (typeof t.namespace !== "string" || obj.namespace === undefined || re(t.namespace, obj.namespace)) &&
    (typeof t.group !== "string" || t.group === group) &&
    (typeof t.version !== "string" || t.version === version) &&
    selects(t.labelSelector, obj)
  );
}

function identity(body: Readonly<Record<string, unknown>>): Record<string, unknown> | undefined {
  if (typeof body.kind !== "string") return undefined;
  const meta = isRecord(body.metadata) ? body.metadata : {};
  const [group, version] = typeof body.apiVersion === "string" ? splitApiVersion(body.apiVersion) : [];
  return {
    kind: body.kind,
    ...(typeof meta.name === "string" ? { name: escapeRegExp(meta.name) } : {}),
    ...(group !== undefined ? { group } : {}),
    ...(version !== undefined ? { version } : {}),
  };
}

function splitApiVersion(apiVersion: string): [string, string] {
  const i = apiVersion.lastIndexOf("/");
  return i < 0 ? ["", apiVersion] : [apiGroup(apiVersion), apiVersion.slice(i + 1)];
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** `k=v,k2=v2` label selectors; anything richer is assumed to match (we would rather miss than cry wolf). */
function selects(selector: unknown, obj: K8sObject): boolean {
  if (typeof selector !== "string" || selector.trim() === "") return true;
  const meta = isRecord(obj.value.metadata) ? obj.value.metadata : {};
  const labels = isRecord(meta.labels) ? meta.labels : {};
  return selector.split(",").every((term) => {
    const m = /^\s*([^=!\s]+)\s*==?\s*([^\s]*)\s*$/.exec(term);
    return !m || labels[m[1]!] === m[2];
  });
}

/** The object after the patches, in order. Never mutates its input. */
export function applyPatches(
  value: Readonly<Record<string, unknown>>,
  patches: readonly Patch[],
): Record<string, unknown> {
  let out: unknown = value;
  for (const p of patches) out = Array.isArray(p.body) ? applyJson6902(out, p.body) : mergePatch(out, p.body);
  return isRecord(out) ? out : { ...value };
}

/** JSON merge patch (RFC 7396) with kustomize's `$patch` directives, and lists of named items merged by name. */
function mergePatch(base: unknown, patch: unknown): unknown {
  if (Array.isArray(patch)) return mergeList(base, patch);
  if (!isRecord(patch)) return patch;
  if (patch.$patch === "delete") return undefined;
  const replace = patch.$patch === "replace";
  const out: Record<string, unknown> = isRecord(base) && !replace ? { ...base } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (k === "$patch" || k.startsWith("$setElementOrder") || k.startsWith("$deleteFromPrimitiveList")) continue;
    if (v === null) delete out[k];
    else {
      const merged = mergePatch(out[k], v);
      if (merged === undefined) delete out[k];
      else out[k] = merged;
    }
  }
  return out;
}

function mergeList(base: unknown, patch: readonly unknown[]): unknown {
  const named = (l: readonly unknown[]) => l.every((i) => isRecord(i) && typeof i.name === "string");
  if (!Array.isArray(base) || !named(base) || !named(patch)) return patch.filter((i) => !(isRecord(i) && i.$patch));
  const out = [...base] as Record<string, unknown>[];
  for (const item of patch as Record<string, unknown>[]) {
    const at = out.findIndex((b) => b.name === item.name);
    if (item.$patch === "delete") {
      if (at >= 0) out.splice(at, 1);
    } else if (at >= 0) out[at] = mergePatch(out[at], item) as Record<string, unknown>;
    else out.push(item);
  }
  return out;
}

function applyJson6902(doc: unknown, ops: readonly unknown[]): unknown {
  let out = structuredClone(doc);
  for (const op of ops) {
    if (!isRecord(op) || typeof op.path !== "string") continue;
    const path = op.path
      .split("/")
      .slice(1)
      .map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"));
    if (op.op === "add" || op.op === "replace") out = setAt(out, path, op.value, op.op === "add");
    else if (op.op === "remove") out = setAt(out, path, undefined, false);
  }
  return out;
}

function setAt(doc: unknown, path: readonly string[], value: unknown, insert: boolean): unknown {
  if (path.length === 0) return value;
  const [head, ...rest] = path as [string, ...string[]];
  if (Array.isArray(doc)) {
    const list = [...doc];
    const i = head === "-" ? list.length : Number(head);
    if (!Number.isInteger(i)) return doc;
    if (rest.length > 0) list[i] = setAt(list[i], rest, value, insert);
    else if (value === undefined) list.splice(i, 1);
    else if (insert) list.splice(i, 0, value);
    else list[i] = value;
    return list;
  }
  const map: Record<string, unknown> = isRecord(doc) ? { ...doc } : {};
  if (rest.length > 0) map[head] = setAt(map[head], rest, value, insert);
  else if (value === undefined) delete map[head];
  else map[head] = value;
  return map;
}
