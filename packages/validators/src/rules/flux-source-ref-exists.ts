import { allObjects, isFluxKustomizationObject, isHelmRelease, spec } from "../_flux.ts";
import { inClusters, missingIn } from "../_scope.ts";
import { isRecord, type K8sObject } from "../model.ts";
import { findingAt, type Rule } from "../rule.ts";

const SOURCE_KINDS = ["GitRepository", "OCIRepository", "HelmRepository", "Bucket", "HelmChart", "ExternalArtifact"];

function refs(obj: K8sObject): { path: (string | number)[]; ref: Record<string, unknown> }[] {
  const s = spec(obj);
  if (isFluxKustomizationObject(obj) && isRecord(s.sourceRef))
    return [{ path: ["spec", "sourceRef"], ref: s.sourceRef }];
  if (!isHelmRelease(obj)) return [];
  const out: { path: (string | number)[]; ref: Record<string, unknown> }[] = [];
  if (isRecord(s.chart) && isRecord(s.chart.spec) && isRecord(s.chart.spec.sourceRef))
    out.push({ path: ["spec", "chart", "spec", "sourceRef"], ref: s.chart.spec.sourceRef });
  if (isRecord(s.chartRef)) out.push({ path: ["spec", "chartRef"], ref: s.chartRef });
  return out;
}

export const fluxSourceRefExists: Rule = {
  id: "flux-source-ref-exists",
  severity: "error",
  description:
    "A Flux Kustomization's `sourceRef` and a HelmRelease's `chart.spec.sourceRef`/`chartRef` resolve to a source object (GitRepository, OCIRepository, HelmRepository, Bucket, HelmChart, or an ExternalArtifact an ArtifactGenerator declares) applied in the same cluster (in the validated trees when there are no entry points); the bootstrap GitRepository `flux-system` is assumed.",
  fix: "Correct the kind/name/namespace of the reference, or add the missing source object.",
  check(ctx) {
    const all = allObjects(ctx);
    return all.flatMap(({ obj }) =>
      refs(obj).flatMap(({ path, ref }) => {
        const kind = typeof ref.kind === "string" ? ref.kind : "";
        const name = typeof ref.name === "string" ? ref.name : "";
        if (!SOURCE_KINDS.includes(kind))
          return [
            findingAt(
              this,
              obj.doc,
              [...path, "kind"],
              `${path.join(".")}.kind "${kind}" is not a Flux source kind (${SOURCE_KINDS.join(", ")})`,
            ),
          ];
        if (kind === "GitRepository" && name === "flux-system") return [];
        const ns = typeof ref.namespace === "string" ? ref.namespace : obj.namespace;
        const missing = missingIn(ctx, obj, kind, name, ns);
        if (missing.length === 0) return [];
        return [
          findingAt(
            this,
            obj.doc,
            [...path, "name"],
            `${obj.kind} "${obj.name}" refers to ${kind} "${ns ? `${ns}/` : ""}${name}", which is not defined${missing[0]?.scope ? inClusters(missing) : " in the validated trees"}`,
          ),
        ];
      }),
    );
  },
};
