import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";
import type { SchemaIssue } from "./_schema-types.ts";
import { isRecord, type Repository } from "./model.ts";

/**
 * Schemas of custom resources from the CRDs found in the validated trees: each served version's `openAPIV3Schema`,
 * closed like the built-in kinds (unknown fields are issues) except where `x-kubernetes-preserve-unknown-fields`
 * or `x-kubernetes-embedded-resource` keeps a place open; `x-kubernetes-int-or-string` accepts both; `nullable`
 * accepts null. Compiled lazily, once per kind.
 */
export interface CrdSchemas {
  has(apiVersion: string, kind: string): boolean;
  validate(apiVersion: string, kind: string, data: unknown): SchemaIssue[] | undefined;
}

const cache = new WeakMap<readonly Repository[], CrdSchemas>();

export function planCrdSchemas(repos: readonly Repository[]): CrdSchemas {
  const hit = cache.get(repos);
  if (hit) return hit;
  const sources = new Map<string, Record<string, unknown>>();
  for (const repo of repos)
    for (const o of repo.objects) {
      if (o.kind !== "CustomResourceDefinition" || o.apiVersion !== "apiextensions.k8s.io/v1") continue;
      const spec = isRecord(o.value.spec) ? o.value.spec : {};
      const names = isRecord(spec.names) ? spec.names : {};
      if (typeof spec.group !== "string" || typeof names.kind !== "string" || !Array.isArray(spec.versions)) continue;
      for (const v of spec.versions) {
        const schema = isRecord(v) && isRecord(v.schema) ? v.schema.openAPIV3Schema : undefined;
        if (isRecord(v) && typeof v.name === "string" && isRecord(schema))
          sources.set(`${spec.group}/${v.name}/${names.kind}`, schema);
      }
    }
  const ajv = new Ajv({ allErrors: true, strict: false, validateFormats: false, verbose: true });
  const compiled = new Map<string, ValidateFunction | undefined>();
  const compile = (key: string): ValidateFunction | undefined => {
    if (compiled.has(key)) return compiled.get(key);
    let fn: ValidateFunction | undefined;
    try {
      fn = ajv.compile(toJsonSchema(sources.get(key)!, true));
    } catch {
      fn = undefined; // a schema we cannot compile is a gap in our conversion, not the user's error
    }
    compiled.set(key, fn);
    return fn;
  };
  const result: CrdSchemas = {
    has: (apiVersion, kind) => sources.has(`${apiVersion}/${kind}`) && compile(`${apiVersion}/${kind}`) !== undefined,
    validate(apiVersion, kind, data) {
      const key = `${apiVersion}/${kind}`;
      const fn = sources.has(key) ? compile(key) : undefined;
      if (!fn) return undefined;
      return fn(data) ? [] : mergeByPath((fn.errors ?? []).flatMap(toIssue));
    },
  };
  cache.set(repos, result);
  return result;
}

/** OpenAPI v3 (structural, with x-kubernetes extensions) → JSON Schema for ajv, closed where the CRD is. */
function toJsonSchema(s: Record<string, unknown>, top = false): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const open = s["x-kubernetes-preserve-unknown-fields"] === true || s["x-kubernetes-embedded-resource"] === true;
  for (const [k, v] of Object.entries(s)) {
    if (k.startsWith("x-kubernetes-") || k === "nullable" || k === "description" || k === "example") continue;
    if (k === "properties" && isRecord(v))
      out.properties = Object.fromEntries(
        Object.entries(v).flatMap(([p, ps]) => (isRecord(ps) ? [[p, toJsonSchema(ps)]] : [])),
      );
    else if ((k === "items" || k === "additionalProperties" || k === "not") && isRecord(v)) out[k] = toJsonSchema(v);
    else if ((k === "allOf" || k === "anyOf" || k === "oneOf") && Array.isArray(v))
      out[k] = v.map((x) => (isRecord(x) ? toJsonSchema(x) : x));
    else out[k] = v;
  }
  if (s["x-kubernetes-int-or-string"] === true) {
    delete out.type;
    delete out.anyOf;
    out.anyOf = [{ type: "integer" }, { type: "string" }];
  }
  if (s.nullable === true && typeof out.type === "string") out.type = [out.type, "null"];
  if (top) {
    const props = isRecord(out.properties) ? out.properties : {};
    out.properties = {
      ...props,
      apiVersion: { type: "string" },
      kind: { type: "string" },
      metadata: { type: "object" },
    };
    delete (out.properties as Record<string, unknown>).status;
  }
  if (!open && isRecord(out.properties) && out.additionalProperties === undefined) out.additionalProperties = false;
  return out;
}

/** One issue per place: the alternatives of an anyOf (int-or-string) read "must be integer or must be string". */
function mergeByPath(issues: readonly SchemaIssue[]): SchemaIssue[] {
  const out = new Map<string, SchemaIssue>();
  for (const i of issues) {
    const key = `${i.unknownField ? "u" : "v"}\u0000${i.path.join("\u0000")}`;
    const prev = out.get(key);
    if (!prev) out.set(key, i);
    else if (!i.unknownField && !prev.message.includes(i.message.slice(i.message.indexOf(" ") + 1)))
      out.set(key, { ...prev, message: `${prev.message} or ${i.message.slice(i.message.indexOf(" ") + 1)}` });
  }
  return [...out.values()];
}

function toIssue(e: ErrorObject): SchemaIssue[] {
  const path = e.instancePath
    .split("/")
    .slice(1)
    .map((p) => (/^\d+$/.test(p) ? Number(p) : p.replace(/~1/g, "/").replace(/~0/g, "~")));
  if (path[0] === "status") return [];
  if (e.keyword === "additionalProperties") {
    const field = String(e.params.additionalProperty);
    const props = isRecord(e.parentSchema) && isRecord(e.parentSchema.properties) ? e.parentSchema.properties : {};
    return [
      { path: [...path, field], message: `unknown field "${field}"`, unknownField: true, known: Object.keys(props) },
    ];
  }
  if (e.keyword === "anyOf" || e.keyword === "oneOf") return [];
  const where = path.length > 0 ? path.join(".") : "object";
  const detail =
    e.keyword === "enum" && Array.isArray(e.params.allowedValues)
      ? `must be one of ${e.params.allowedValues.map((v) => JSON.stringify(v)).join(", ")}`
      : (e.message ?? e.keyword);
  return [{ path, message: `${where} ${detail}` }];
}
