import { hasSchema } from "../_schemas.ts";
import type { K8sObject } from "../model.ts";
import { findingAt, type Rule } from "../rule.ts";
import { schemaSubjects } from "./schema-invalid.ts";

export const schemaUnknownKind: Rule = {
  id: "schema-unknown-kind",
  severity: "info",
  description:
    "Objects whose apiVersion/kind has no known schema are counted and listed (one finding per kind, at its first occurrence), never silently passed.",
  fix: "Nothing to fix when the kind is a CRD we do not model; check the apiVersion for typos (`apps/v1beta1`) otherwise.",
  check(ctx) {
    const groups = new Map<string, K8sObject[]>();
    for (const repo of ctx.repos) {
      for (const obj of schemaSubjects(repo, ctx.applied)) {
        if (obj.apiVersion.startsWith("ENC[") || hasSchema(obj.apiVersion, obj.kind, ctx.crds)) continue;
        const key = `${obj.apiVersion} ${obj.kind}`;
        groups.set(key, [...(groups.get(key) ?? []), obj]);
      }
    }
    return [...groups]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([key, objs]) => {
        const first = objs[0]!;
        const files = new Set(objs.map((o) => o.doc.file)).size;
        return findingAt(
          this,
          first.doc,
          ["kind"],
          `${objs.length} object${objs.length === 1 ? "" : "s"} of kind ${key} (in ${files} file${files === 1 ? "" : "s"}) ${objs.length === 1 ? "has" : "have"} no known schema and ${objs.length === 1 ? "was" : "were"} not schema-validated`,
        );
      });
  },
};
