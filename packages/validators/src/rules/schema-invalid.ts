import { patchFiles } from "../_kustomize.ts";
import { validateObjectSchema } from "../_schemas.ts";
import { apiGroup, type K8sObject, type Repository } from "../model.ts";
import { findingAt, type Rule } from "../rule.ts";

/** Objects that get schema checks: not kustomize's own files, not partial objects used as patches. */
export function schemaSubjects(repo: Repository): K8sObject[] {
  const patches = patchFiles(repo);
  return repo.objects.filter((o) => apiGroup(o.apiVersion) !== "kustomize.config.k8s.io" && !patches.has(o.doc.rel));
}

export const schemaInvalid: Rule = {
  id: "schema-invalid",
  severity: "error",
  description:
    "Every Kubernetes object of a known kind (core, Flux, Argo CD, cert-manager from the pinned @kubernetes-models packages; Cluster API Cluster) matches its schema: required fields, types, enums, formats, and Flux durations. SOPS-encrypted Secret data is skipped.",
  fix: "Correct the value at the reported path; the message names what the schema expects.",
  check(ctx) {
    return ctx.repos.flatMap((repo) =>
      schemaSubjects(repo).flatMap((obj) => {
        const r = validateObjectSchema(obj);
        if (!r.known) return [];
        return r.issues
          .filter((i) => !i.unknownField)
          .map((i) => findingAt(this, obj.doc, i.path, `${obj.kind} "${obj.name}": ${i.message}`));
      }),
    );
  },
};
