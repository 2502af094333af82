import type { Diagnostic } from "@infraflux/diagnostics";
import { MODEL_API_VERSIONS, validateWithModel } from "./models.ts";
import { mergeValues } from "./patch.ts";
import type { LoadedSpec } from "./parse-spec.ts";
import type { ComponentSpec } from "./spec-schema.ts";
import { jsToTree, treeToJs, ymap, type YMap, type YNode } from "./yaml-tree.ts";

/** The objects of one component as they go into k8s/base/<phase>/<component>/. */
export interface ComponentObjects {
  readonly component: ComponentSpec;
  readonly index: number;
  readonly namespace: YMap | undefined;
  readonly helmRepository: YMap;
  readonly helmRelease: YMap;
  /** The base values tree (verbatim from the spec), or undefined. */
  readonly values: YNode | undefined;
}

export function planComponentObjects(loaded: LoadedSpec, index: number, diagnostics: Diagnostic[]): ComponentObjects {
  const c = loaded.spec.components[index]!;
  const fluxNs = loaded.spec.flux.namespace;
  const values = loaded.treeAt(["components", index, "values"]);
  const namespace = c.createNamespace
    ? (jsToTree({ apiVersion: "v1", kind: "Namespace", metadata: { name: c.namespace } }) as YMap)
    : undefined;
  const helmRepository = jsToTree({
    apiVersion: MODEL_API_VERSIONS.helmRepository,
    kind: "HelmRepository",
    metadata: { name: c.name, namespace: fluxNs },
    spec: {
      interval: "1h",
      ...(c.chart.repository.startsWith("oci://") ? { type: "oci" } : {}),
      url: c.chart.repository,
    },
  }) as YMap;
  const helmRelease = releaseTree(loaded, c, c.chart.version, values);
  const at = ["components", index];
  for (const object of [namespace, helmRepository, helmRelease])
    if (object) checkModel(object, loaded, at, diagnostics);
  return { component: c, index, namespace, helmRepository, helmRelease, values };
}

/** The HelmRelease a cluster ends up with: base values with the cluster's values merged over them. */
export function planClusterRelease(
  loaded: LoadedSpec,
  base: ComponentObjects,
  clusterIndex: number,
  diagnostics: Diagnostic[],
): YMap {
  const cluster = loaded.spec.clusters[clusterIndex]!;
  const name = base.component.name;
  const compiled = loaded.compiledValues.get(cluster.name)?.get(name);
  const override = loaded.treeAt(["clusters", clusterIndex, "values", name]);
  const values = mergeValues(mergeValues(base.values, compiled), override);
  const version = cluster.versions[name] ?? base.component.chart.version;
  const tree = releaseTree(loaded, base.component, version, values);
  checkModel(tree, loaded, ["clusters", clusterIndex, "values", name], diagnostics);
  return tree;
}

function releaseTree(loaded: LoadedSpec, c: ComponentSpec, version: string, values: YNode | undefined): YMap {
  const skeleton = jsToTree({
    apiVersion: MODEL_API_VERSIONS.helmRelease,
    kind: "HelmRelease",
    metadata: { name: c.name, namespace: loaded.spec.flux.namespace },
    spec: {
      interval: c.interval,
      chart: { spec: { chart: c.chart.name, version, sourceRef: { kind: "HelmRepository", name: c.name } } },
      targetNamespace: c.namespace,
      ...(c.phase === "crds" ? { install: { crds: "CreateReplace" }, upgrade: { crds: "CreateReplace" } } : {}),
    },
  }) as YMap;
  if (values === undefined || (values.kind === "map" && values.entries.length === 0)) return skeleton;
  const spec = skeleton.entries.find(([k]) => k.value === "spec")![1] as YMap;
  const withValues: YMap = { kind: "map", entries: [...spec.entries, ...ymap([["values", values]]).entries] };
  return {
    kind: "map",
    entries: skeleton.entries.map(([k, v]) => (k.value === "spec" ? ([k, withValues] as const) : ([k, v] as const))),
  };
}

function checkModel(tree: YMap, loaded: LoadedSpec, at: readonly (string | number)[], diagnostics: Diagnostic[]): void {
  const js = treeToJs(tree) as { apiVersion?: string; kind?: string };
  for (const problem of validateWithModel(js)) {
    diagnostics.push({
      code: "invalid-object",
      severity: "error",
      file: loaded.file,
      span: loaded.spanAt(at),
      path: at.join("."),
      message: `generated ${js.kind} does not validate against ${js.apiVersion}: ${problem}`,
    });
  }
}
