import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { validateClusterApi, clusterApiKinds } from "./_cluster-api.ts";
import type { CrdSchemas } from "./_crd-schemas.ts";
import type { SchemaIssue, SchemaResult } from "./_schema-types.ts";
import { apiGroup, isRecord, type K8sObject } from "./model.ts";

export type { SchemaIssue, SchemaResult } from "./_schema-types.ts";

interface ModelClass {
  readonly apiVersion: string;
  readonly kind: string;
  readonly prototype: { validate(this: unknown): void };
}

/** The pinned model packages (versions asserted by _schemas.test.ts). */
export const MODEL_PACKAGES = [
  "kubernetes-models",
  "@kubernetes-models/flux-cd",
  "@kubernetes-models/argo-cd",
  "@kubernetes-models/cert-manager",
] as const;

let registry: Map<string, ModelClass> | undefined;

/** `apiVersion/kind` → model class, from walking the pinned @kubernetes-models packages' exports. */
function modelRegistry(): Map<string, ModelClass> {
  if (registry) return registry;
  const map = new Map<string, ModelClass>();
  const walk = (ns: unknown, depth: number) => {
    if (depth > 4 || !ns || typeof ns !== "object") return;
    for (const v of Object.values(ns)) {
      if (
        typeof v === "function" &&
        typeof (v as Partial<ModelClass>).apiVersion === "string" &&
        typeof (v as Partial<ModelClass>).kind === "string"
      ) {
        const c = v as unknown as ModelClass;
        map.set(`${c.apiVersion}/${c.kind}`, c);
      } else walk(v, depth + 1);
    }
  };
  // Loaded on first use (require of ESM is synchronous in Node >= 22.12): about 1 s that runs without schema rules skip.
  // The packages export only an "import" condition, so require their entry file by path.
  const load = createRequire(import.meta.url);
  for (const pkg of MODEL_PACKAGES) walk(load(join(dirname(load.resolve(`${pkg}/package.json`)), "index.js")), 0);
  registry = map;
  return map;
}

/** True for kinds the pinned models, our Cluster API schema, or a CRD in the validated trees describe. */
export function hasSchema(apiVersion: string, kind: string, crds?: CrdSchemas): boolean {
  const key = `${apiVersion}/${kind}`;
  return modelRegistry().has(key) || clusterApiKinds.has(key) || (crds?.has(apiVersion, kind) ?? false);
}

const cache = new WeakMap<K8sObject, SchemaResult>();

/** Validates one object against its closed schema (unknown fields are issues). Pure; memoised per object. */
export function validateObjectSchema(obj: K8sObject, crds?: CrdSchemas): SchemaResult {
  const hit = cache.get(obj);
  if (hit) return hit;
  const result = computeSchema(obj, crds);
  cache.set(obj, result);
  return result;
}

function computeSchema(obj: K8sObject, crds?: CrdSchemas): SchemaResult {
  const key = `${obj.apiVersion}/${obj.kind}`;
  const data = schemaInput(obj);
  if (clusterApiKinds.has(key)) return { known: true, issues: validateClusterApi(key, data) };
  const model = modelRegistry().get(key);
  if (!model) {
    const issues = crds?.validate(obj.apiVersion, obj.kind, data);
    return issues ? { known: true, issues } : { known: false };
  }
  const seen = new Map<string, Access>();
  let errors: AjvError[] = [];
  try {
    model.prototype.validate.call(track(data, [], seen));
  } catch (error) {
    const e = error as { errors?: AjvError[] };
    if (!Array.isArray(e.errors)) throw error;
    errors = e.errors;
  }
  return { known: true, issues: [...fromAjv(errors, data, key), ...unknownFields(seen, key), ...fluxDurations(obj)] };
}

/**
 * `status` is written by controllers, not by the repository (`kubectl create --dry-run -o yaml` leaves `status: {}`,
 * which some models reject): leave it out. SOPS metadata is not part of the schema, and encrypted Secret values are
 * not base64: leave both out.
 */
function schemaInput(obj: K8sObject): Record<string, unknown> {
  const { status: _status, ...v } = obj.value;
  if (!isRecord(v.sops)) return v;
  const { sops: _sops, ...rest } = v;
  if (obj.kind === "Secret" && obj.apiVersion === "v1") {
    const { data: _d, stringData: _s, ...noData } = rest;
    return noData;
  }
  return rest;
}

interface Access {
  readonly path: readonly (string | number)[];
  readonly target: Record<string, unknown>;
  readonly keys: Set<string>;
  iterated: boolean;
}

/**
 * Wraps a value in proxies that record which properties the compiled validator reads. The @kubernetes-models
 * validators read every property their schema declares and iterate the keys of open maps; any other key of an
 * inspected object is a field the schema does not know. Objects the validator never touches are free-form.
 */
function track(value: unknown, path: readonly (string | number)[], seen: Map<string, Access>): unknown {
  if (value === null || typeof value !== "object") return value;
  const isArray = Array.isArray(value);
  const access: Access = { path, target: value as Record<string, unknown>, keys: new Set(), iterated: false };
  if (!isArray) seen.set(path.join("\u0000"), access);
  const children = new Map<string, unknown>();
  return new Proxy(value as object, {
    get(t, k, r) {
      const v = Reflect.get(t, k, r);
      if (typeof k !== "string") return v;
      access.keys.add(k);
      if (v === null || typeof v !== "object" || !Object.hasOwn(t, k)) return v;
      if (!children.has(k)) children.set(k, track(v, [...path, isArray ? Number(k) : k], seen));
      return children.get(k);
    },
    has(t, k) {
      if (typeof k === "string") access.keys.add(k);
      return Reflect.has(t, k);
    },
    ownKeys(t) {
      access.iterated = true;
      return Reflect.ownKeys(t);
    },
  });
}

/**
 * Fields the upstream APIs define but the pinned models lack (found by validating real manifests); keyed by
 * `apiVersion/kind`, as dot paths with `*` for list items; a path ending in `.**` opens the whole subtree (neither
 * unknown fields nor type errors are reported there). Guarded by a test so an upgrade can drop entries.
 * A model gap is not the user's error: these places are "not checked", never "invalid".
 */
export const MODEL_GAPS: Readonly<Record<string, readonly string[]>> = {
  "argoproj.io/v1alpha1/AppProject": ["spec.description"],
  "scheduling.k8s.io/v1/PriorityClass": ["description"],
  // JSONSchemaProps in kubernetes-models lacks `description`, `x-kubernetes-*` and more: a CRD's schema is data.
  "apiextensions.k8s.io/v1/CustomResourceDefinition": ["spec.versions.*.schema.openAPIV3Schema.**"],
};

/** Enum values the real APIs accept but the pinned models do not list, keyed like MODEL_GAPS, then by path. */
export const ENUM_GAPS: Readonly<Record<string, Readonly<Record<string, readonly string[]>>>> = Object.fromEntries(
  ["v1beta2", "v1beta3"].map((v) => [
    `notification.toolkit.fluxcd.io/${v}/Alert`,
    // Flux Operator objects are event sources of notification-controller (Flux 2.6+).
    { "spec.eventSources.*.kind": ["FluxInstance", "ResourceSet", "ResourceSetInputProvider"] },
  ]),
);

function patternOf(path: readonly (string | number)[]): string {
  return path.map((p) => (typeof p === "number" ? "*" : p)).join(".");
}

/** True when the (pattern) path lies in a subtree that MODEL_GAPS opens for this kind. */
function inOpenSubtree(key: string, at: string): boolean {
  return (MODEL_GAPS[key] ?? []).some(
    (g) => g.endsWith(".**") && (at === g.slice(0, -3) || at.startsWith(g.slice(0, -2))),
  );
}

function unknownFields(seen: Map<string, Access>, key: string): SchemaIssue[] {
  const out: SchemaIssue[] = [];
  const gaps = MODEL_GAPS[key] ?? [];
  for (const a of seen.values()) {
    if (a.iterated || a.keys.size === 0) continue;
    const at = patternOf(a.path);
    for (const k of Object.keys(a.target)) {
      const field = at ? `${at}.${k}` : k;
      if (a.keys.has(k) || gaps.includes(field) || inOpenSubtree(key, field)) continue;
      out.push({
        path: [...a.path, k],
        message: `unknown field "${k}"`,
        known: [...a.keys].filter((x) => !x.startsWith("$")),
        unknownField: true,
      });
    }
  }
  return out;
}

interface AjvError {
  readonly instancePath: string;
  readonly keyword: string;
  readonly message?: string;
  readonly params: Record<string, unknown>;
}

function fromAjv(errors: readonly AjvError[], data: unknown, key: string): SchemaIssue[] {
  const byPath = new Map<string, AjvError[]>();
  for (const e of errors) byPath.set(e.instancePath, [...(byPath.get(e.instancePath) ?? []), e]);
  const out: SchemaIssue[] = [];
  for (const [instancePath, list] of byPath) {
    const path = instancePath
      .split("/")
      .slice(1)
      .map((s) => (/^\d+$/.test(s) ? Number(s) : s.replace(/~1/g, "/").replace(/~0/g, "~")));
    const value = valueAt(data, path);
    if (typeof value === "string" && value.includes("${")) continue; // Flux postBuild substitution fills it in later
    const at = patternOf(path);
    if (inOpenSubtree(key, at)) continue;
    if (typeof value === "string" && ENUM_GAPS[key]?.[at]?.includes(value)) continue;
    const plain = list.filter((e) => e.keyword !== "anyOf" && e.keyword !== "oneOf");
    const shown = plain.length > 0 ? plain : list;
    const messages = [...new Set(shown.map((e) => describe(e)))];
    out.push({
      path,
      message: `${instancePath ? instancePath.slice(1).replace(/\//g, ".") : "object"} ${messages.join(" or ")}`,
    });
  }
  return out;
}

function describe(e: AjvError): string {
  if (e.keyword === "enum" && Array.isArray(e.params.allowedValues))
    return `must be one of ${e.params.allowedValues.map((v) => JSON.stringify(v)).join(", ")}`;
  return e.message ?? e.keyword;
}

function valueAt(data: unknown, path: readonly (string | number)[]): unknown {
  let v = data;
  for (const seg of path)
    v = v !== null && typeof v === "object" ? (v as Record<string | number, unknown>)[seg] : undefined;
  return v;
}

const DURATION = /^([0-9]+(\.[0-9]+)?(ms|s|m|h))+$/;

/** @kubernetes-models/flux-cd 4.x dropped the CRDs' duration patterns; check the common ones ourselves. */
function fluxDurations(obj: K8sObject): SchemaIssue[] {
  if (!apiGroup(obj.apiVersion).endsWith("toolkit.fluxcd.io") || !isRecord(obj.value.spec)) return [];
  const spec = obj.value.spec;
  return ["interval", "retryInterval", "timeout"].flatMap((f) => {
    const v = spec[f];
    if (typeof v !== "string" || DURATION.test(v) || v.includes("${")) return [];
    return [{ path: ["spec", f], message: `spec.${f} "${v}" is not a Go duration (e.g. 10m, 1h30m, 30s)` }];
  });
}
