import type { Diagnostic } from "@infraflux/diagnostics";
import { renderObject, type FileChange } from "./emit.ts";
import { MODEL_API_VERSIONS, validateWithModel } from "./models.ts";
import { diffObjects } from "./patch.ts";
import type { LoadedSpec } from "./parse-spec.ts";
import { planPhases } from "./phases.ts";
import { planClusterRelease, planComponentObjects, type ComponentObjects } from "./releases.ts";
import type { ClusterSpec } from "./spec-schema.ts";
import { getPath, renderYaml, renderYamlStream, scalarAt, type YMap } from "./yaml-tree.ts";

const ARGO_ROOT = "argocd";

/**
 * The platform-gitops equivalent for Argo CD: per cluster an app-of-apps (`argocd/clusters/<c>/root.yaml`)
 * whose child Applications carry `argocd.argoproj.io/sync-wave` mirroring the Flux phases. Shared Helm values
 * live once in `argocd/base/values/`; each cluster's values file holds only its differences, layered by Helm.
 */
export function planArgoTree(loaded: LoadedSpec, diagnostics: Diagnostic[]): FileChange[] {
  const argo = loaded.spec.argocd;
  if (argo === undefined) {
    diagnostics.push({
      code: "missing-argocd",
      severity: "error",
      file: loaded.file,
      span: loaded.spanAt([]),
      message: "--engine argocd needs an argocd: section with repoURL (the Git repository the generated tree lives in)",
    });
    return [];
  }
  const components = loaded.spec.components.map((_, i) => planComponentObjects(loaded, i, diagnostics));
  const changes: FileChange[] = [];
  for (const c of components) {
    if (c.values !== undefined)
      changes.push({ path: `${ARGO_ROOT}/base/values/${c.component.name}.yaml`, content: renderYaml(c.values) });
  }
  for (const [i, cluster] of loaded.spec.clusters.entries())
    changes.push(...planClusterApps(loaded, i, cluster, components, diagnostics));
  return changes;
}

function planClusterApps(
  loaded: LoadedSpec,
  index: number,
  cluster: ClusterSpec,
  components: readonly ComponentObjects[],
  diagnostics: Diagnostic[],
): FileChange[] {
  const argo = loaded.spec.argocd!;
  const dir = `${ARGO_ROOT}/clusters/${cluster.name}`;
  const waves = new Map(planPhases().map((p) => [p.name, p.wave]));
  const enabled = new Set([...cluster.components, ...(cluster.storage ? [cluster.storage] : [])]);
  const changes: FileChange[] = [];
  const check = <T extends { apiVersion: string; kind: string; metadata: { name: string } }>(object: T): T => {
    for (const problem of validateWithModel(object))
      diagnostics.push({
        code: "invalid-object",
        severity: "error",
        file: loaded.file,
        span: loaded.spanAt(["clusters", index]),
        message: `generated Application "${object.metadata.name}" does not validate: ${problem}`,
      });
    return object;
  };
  for (const c of components.filter((x) => enabled.has(x.component.name))) {
    const release = planClusterRelease(loaded, c, index, diagnostics);
    const diff = diffObjects(c.helmRelease, release, { builtin: false });
    const valuesDiff = diff.merge ? getPath(diff.merge, ["spec", "values"]) : undefined;
    if (diff.ops.length > 0) {
      diagnostics.push({
        code: "values-not-layerable",
        severity: "warning",
        file: loaded.file,
        span: loaded.spanAt(["clusters", index, "values", c.component.name]),
        message: `cluster "${cluster.name}" sets an explicit null or empty map in ${c.component.name} values; Helm value files cannot express it, so it is left out of the Argo CD values`,
      });
    }
    const valueFiles = [
      ...(c.values !== undefined ? [`$values/${ARGO_ROOT}/base/values/${c.component.name}.yaml`] : []),
      ...(valuesDiff !== undefined ? [`$values/${dir}/values/${c.component.name}.yaml`] : []),
    ];
    if (valuesDiff !== undefined)
      changes.push({ path: `${dir}/values/${c.component.name}.yaml`, content: renderYaml(valuesDiff) });
    const version = scalarAt(release, ["spec", "chart", "spec", "version"]) ?? c.component.chart.version;
    const app = check(
      application(loaded, c.component.name, waves.get(c.component.phase)!, c.component.namespace, {
        sources: [
          {
            repoURL: c.component.chart.repository.replace(/^oci:\/\//, ""),
            chart: c.component.chart.name,
            targetRevision: version,
            helm: { releaseName: c.component.name, ...(valueFiles.length > 0 ? { valueFiles } : {}) },
          },
          { repoURL: argo.repoURL, targetRevision: argo.targetRevision, ref: "values" },
        ],
      }),
    );
    changes.push({ path: `${dir}/applications/${c.component.name}.yaml`, content: renderObject(app) });
  }
  for (const phase of ["infrastructure-config", "apps"] as const) {
    const objects = cluster.resources[phase];
    if (objects.length === 0) continue;
    const trees = objects.map((_, j) => loaded.treeAt(["clusters", index, "resources", phase, j]) as YMap);
    changes.push({ path: `${dir}/${phase}/resources.yaml`, content: renderYamlStream(trees) });
    const app = check(
      application(loaded, `${cluster.name}-${phase}`, waves.get(phase)!, undefined, {
        source: { repoURL: argo.repoURL, targetRevision: argo.targetRevision, path: `${dir}/${phase}` },
      }),
    );
    changes.push({ path: `${dir}/applications/${phase}.yaml`, content: renderObject(app) });
  }
  const root = check({
    apiVersion: MODEL_API_VERSIONS.application,
    kind: "Application",
    metadata: { name: `${cluster.name}-root`, namespace: argo.namespace },
    spec: {
      project: argo.project,
      source: { repoURL: argo.repoURL, targetRevision: argo.targetRevision, path: `${dir}/applications` },
      destination: { server: "https://kubernetes.default.svc", namespace: argo.namespace },
      syncPolicy: { automated: { prune: true, selfHeal: true } },
    },
  });
  changes.push({ path: `${dir}/root.yaml`, content: renderObject(root) });
  return changes;
}

function application(
  loaded: LoadedSpec,
  name: string,
  wave: number,
  namespace: string | undefined,
  source: Record<string, unknown>,
) {
  const argo = loaded.spec.argocd!;
  return {
    apiVersion: MODEL_API_VERSIONS.application,
    kind: "Application",
    metadata: {
      name,
      namespace: argo.namespace,
      annotations: { "argocd.argoproj.io/sync-wave": String(wave) },
      finalizers: ["resources-finalizer.argocd.argoproj.io"],
    },
    spec: {
      project: argo.project,
      ...source,
      destination: { server: "https://kubernetes.default.svc", ...(namespace ? { namespace } : {}) },
      syncPolicy: {
        automated: { prune: true, selfHeal: true },
        syncOptions: ["CreateNamespace=true", "ServerSideApply=true"],
      },
    },
  };
}
