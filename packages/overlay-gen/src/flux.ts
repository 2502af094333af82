import type { Diagnostic } from "@infraflux/diagnostics";
import { renderClusterReadme, type ClusterPhaseEntry, type FluxKustomizationObject } from "./cluster-readme.ts";
import { renderKustomization, renderObject, type FileChange, type KustomizationPatchRef } from "./emit.ts";
import { validateWithModel, MODEL_API_VERSIONS } from "./models.ts";
import { diffObjects, isEmptyPatch } from "./patch.ts";
import { renderPatchFiles } from "./patch-files.ts";
import type { LoadedSpec } from "./parse-spec.ts";
import { planPhases, type PhaseInfo } from "./phases.ts";
import { planClusterRelease, planComponentObjects, type ComponentObjects } from "./releases.ts";
import type { ClusterSpec, Phase } from "./spec-schema.ts";
import { renderYaml, renderYamlStream, scalarAt, type YMap } from "./yaml-tree.ts";

/**
 * The seed's Flux tree: `k8s/base/<phase>/<component>/` for shared components, and per cluster one Flux
 * Kustomization per phase (`k8s/clusters/<c>/<phase>.yaml`) plus overlay directories holding only that
 * cluster's differences as patches on the base.
 */
export function planFluxTree(loaded: LoadedSpec, diagnostics: Diagnostic[]): FileChange[] {
  const components = loaded.spec.components.map((_, i) => planComponentObjects(loaded, i, diagnostics));
  const changes: FileChange[] = [];
  const phases = planPhases(loaded.spec.flux.bootstrapKustomization);
  for (const phase of phases.filter((p) => p.shared)) {
    const inPhase = components.filter((c) => c.component.phase === phase.name);
    if (inPhase.length === 0) continue;
    for (const c of inPhase) changes.push(...renderBaseComponent(phase.name, c));
    changes.push({
      path: `k8s/base/${phase.name}/kustomization.yaml`,
      content: renderKustomization(inPhase.map((c) => c.component.name)),
    });
  }
  for (const [i, cluster] of loaded.spec.clusters.entries()) {
    changes.push(...planClusterTree(loaded, i, cluster, components, phases, diagnostics));
  }
  return changes;
}

function renderBaseComponent(phase: Phase, c: ComponentObjects): FileChange[] {
  const dir = `k8s/base/${phase}/${c.component.name}`;
  const files: FileChange[] = [];
  if (c.namespace) files.push({ path: `${dir}/namespace.yaml`, content: renderYaml(c.namespace) });
  files.push({ path: `${dir}/helmrepo.yaml`, content: renderYaml(c.helmRepository) });
  files.push({ path: `${dir}/helmrelease.yaml`, content: renderYaml(c.helmRelease) });
  files.push({
    path: `${dir}/kustomization.yaml`,
    content: renderKustomization(files.map((f) => f.path.slice(dir.length + 1))),
  });
  return files;
}

function enabledComponents(cluster: ClusterSpec, components: readonly ComponentObjects[]): ComponentObjects[] {
  const enabled = new Set([...cluster.components, ...(cluster.storage ? [cluster.storage] : [])]);
  return components.filter((c) => enabled.has(c.component.name));
}

function planClusterTree(
  loaded: LoadedSpec,
  index: number,
  cluster: ClusterSpec,
  components: readonly ComponentObjects[],
  phases: readonly PhaseInfo[],
  diagnostics: Diagnostic[],
): FileChange[] {
  const root = `k8s/clusters/${cluster.name}`;
  const changes: FileChange[] = [];
  const readme: ClusterPhaseEntry[] = [];
  const enabled = enabledComponents(cluster, components);
  for (const phase of phases) {
    const dir = `${root}/${phase.name}`;
    const resources: string[] = [];
    let differs = false;
    const inPhase = enabled.filter((e) => e.component.phase === phase.name);
    for (const c of inPhase) {
      const overlay = planComponentOverlay(loaded, index, c, `${dir}/${c.component.name}`, diagnostics);
      if (overlay.length === 0) {
        resources.push(`../../../base/${phase.name}/${c.component.name}`);
      } else {
        differs = true;
        resources.push(c.component.name);
        changes.push(...overlay);
      }
    }
    const own = phase.shared
      ? { files: [], resources: [], objects: [] }
      : renderClusterResources(loaded, index, phase.name as "infrastructure-config" | "apps", dir);
    changes.push(...own.files);
    resources.push(...own.resources);
    const allOfPhase = components.filter((c) => c.component.phase === phase.name).length;
    const useBase = phase.shared && !differs && allOfPhase > 0 && resources.length === allOfPhase;
    if (!useBase) changes.push({ path: `${dir}/kustomization.yaml`, content: renderKustomization(resources) });
    const path = useBase
      ? `${loaded.spec.flux.root}/base/${phase.name}`
      : `${loaded.spec.flux.root}/clusters/${cluster.name}/${phase.name}`;
    const kustomization = planFluxKustomization(loaded, phase, path, diagnostics);
    changes.push({ path: `${root}/${phase.name}.yaml`, content: renderObject(kustomization) });
    readme.push({
      phase: phase.name,
      file: `${phase.name}.yaml`,
      kustomization,
      contents: [...inPhase.map((c) => c.component.name), ...own.objects],
    });
  }
  changes.push({
    path: `${root}/kustomization.yaml`,
    content: renderKustomization(phases.map((p) => `${p.name}.yaml`)),
  });
  // Documentation only: no kustomization lists it, so neither kustomize nor Flux reads it.
  changes.push({ path: `${root}/README.md`, content: renderClusterReadme({ cluster: cluster.name, phases: readme }) });
  return changes;
}

/** Overlay for one component: empty when the cluster's HelmRelease equals the base one. */
function planComponentOverlay(
  loaded: LoadedSpec,
  clusterIndex: number,
  c: ComponentObjects,
  dir: string,
  diagnostics: Diagnostic[],
): FileChange[] {
  const release = planClusterRelease(loaded, c, clusterIndex, diagnostics);
  const patch = diffObjects(c.helmRelease, release, { builtin: false });
  if (isEmptyPatch(patch)) return [];
  const refs: KustomizationPatchRef[] = [];
  const target = {
    apiVersion: MODEL_API_VERSIONS.helmRelease,
    kind: "HelmRelease",
    name: c.component.name,
    namespace: loaded.spec.flux.namespace,
    tree: c.helmRelease,
  };
  const files = renderPatchFiles(target, patch, { dir, stem: "values", smpTarget: true }, refs);
  const base = `../../../../base/${c.component.phase}/${c.component.name}`;
  return [...files, { path: `${dir}/kustomization.yaml`, content: renderKustomization([base], refs) }];
}

function renderClusterResources(
  loaded: LoadedSpec,
  index: number,
  phase: "infrastructure-config" | "apps",
  dir: string,
): { files: FileChange[]; resources: string[]; objects: string[] } {
  const objects = loaded.spec.clusters[index]!.resources[phase];
  const byFile = new Map<string, YMap[]>();
  const labels: string[] = [];
  for (const [j] of objects.entries()) {
    const tree = loaded.treeAt(["clusters", index, "resources", phase, j]) as YMap;
    const kind = (scalarAt(tree, ["kind"]) ?? "object").toLowerCase();
    const name = scalarAt(tree, ["metadata", "name"]) ?? String(j);
    labels.push(`${scalarAt(tree, ["kind"]) ?? "object"}/${name}`);
    let file = `${kind}-${name}.yaml`.replace(/[^A-Za-z0-9._-]/g, "_");
    for (let n = 2; byFile.has(file); n++) file = `${kind}-${name}-${n}.yaml`;
    byFile.set(file, [tree]);
  }
  const files = [...byFile].map(([file, trees]) => ({ path: `${dir}/${file}`, content: renderYamlStream(trees) }));
  return { files, resources: [...byFile.keys()].sort(), objects: labels };
}

/** The phase's Flux Kustomization (the whole object is written; its type names the fields the README reads), validated with its typed model. */
function planFluxKustomization(
  loaded: LoadedSpec,
  phase: PhaseInfo,
  path: string,
  diagnostics: Diagnostic[],
): FluxKustomizationObject {
  const flux = loaded.spec.flux;
  const object = {
    apiVersion: MODEL_API_VERSIONS.fluxKustomization,
    kind: "Kustomization",
    metadata: { name: phase.name, namespace: flux.namespace },
    spec: {
      interval: flux.interval,
      retryInterval: "1m",
      timeout: flux.timeout,
      ...(phase.dependsOn.length > 0 ? { dependsOn: phase.dependsOn.map((name) => ({ name })) } : {}),
      sourceRef: { kind: flux.sourceRef.kind, name: flux.sourceRef.name },
      path,
      prune: true,
      wait: phase.wait,
    },
  };
  for (const problem of validateWithModel(object)) {
    diagnostics.push({
      code: "invalid-object",
      severity: "error",
      file: loaded.file,
      span: loaded.spanAt(["flux"]),
      message: `generated Flux Kustomization "${phase.name}" does not validate: ${problem}`,
    });
  }
  return object;
}
