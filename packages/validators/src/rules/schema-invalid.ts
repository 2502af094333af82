import type { AppliedModel } from "../_entry-points.ts";
import { patchFiles } from "../_kustomize.ts";
import { validateObjectSchema } from "../_schemas.ts";
import { apiGroup, type K8sObject, type Repository } from "../model.ts";
import { findingAt, type Rule } from "../rule.ts";

/**
 * Objects that get schema checks: not kustomize's own files, not partial objects used as patches; each as applied
 * (completed by the patches of its kustomizations and Flux Kustomization) when an entry point renders it.
 */
export function schemaSubjects(repo: Repository, applied?: AppliedModel): K8sObject[] {
  const patches = patchFiles(repo);
  return repo.objects
    .filter((o) => apiGroup(o.apiVersion) !== "kustomize.config.k8s.io" && !patches.has(o.doc.rel))
    .map((o) => applied?.effective(o) ?? o);
}

export const schemaInvalid: Rule = {
  id: "schema-invalid",
  severity: "error",
  description:
    "Every Kubernetes object of a known kind (core, Flux, Argo CD, cert-manager from the pinned @kubernetes-models packages; Cluster API Cluster) matches its schema: required fields, types, enums, formats, and Flux durations. SOPS-encrypted Secret data is skipped. Objects an entry point applies are checked as applied: after the patches of their kustomizations (components included) and of the Flux Kustomization.",
  fix: "Correct the value at the reported path; the message names what the schema expects.",
  check(ctx) {
    return ctx.repos.flatMap((repo) =>
      schemaSubjects(repo, ctx.applied).flatMap((obj) => {
        const r = validateObjectSchema(obj, ctx.crds);
        if (!r.known) return [];
        return r.issues
          .filter((i) => !i.unknownField)
          .map((i) => findingAt(this, obj.doc, i.path, `${obj.kind} "${obj.name}": ${i.message}`));
      }),
    );
  },
};
