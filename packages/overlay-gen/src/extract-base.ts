import { fail, ok, type Diagnostic, type Result } from "@infraflux/diagnostics";
import { countLines, renderKustomization, sortChanges, type FileChange, type KustomizationPatchRef } from "./emit.ts";
import { diffObjects, intersectTrees, isEmptyPatch } from "./patch.ts";
import { readSourceObjects, type SourceObject, type SourceSelection } from "./source-objects.ts";
import { renderPatchFiles } from "./patch-files.ts";
import { renderYamlStream, type YMap, type YNode } from "./yaml-tree.ts";

/** One cluster directory as read from disk: its name (the folder name) and every YAML file in it. */
export interface ClusterInput {
  readonly name: string;
  /** The directory as the user gave it, for messages (`clusters/lab`). */
  readonly dir: string;
  /** Files relative to `dir`, POSIX separators. */
  readonly files: readonly { readonly path: string; readonly text: string }[];
}

export type Placement = "base" | "base+patch" | "cluster" | "sops";

export interface ObjectPlacement {
  readonly id: string;
  readonly placement: Placement;
  readonly clusters: readonly string[];
  /** Clusters whose overlay patches the shared base object. */
  readonly patchedIn: readonly string[];
}

export interface ClusterLines {
  readonly name: string;
  readonly before: number;
  readonly after: number;
}

export interface ExtractReport {
  readonly linesBefore: number;
  readonly linesAfter: number;
  readonly baseLines: number;
  readonly clusters: readonly ClusterLines[];
  readonly objects: readonly ObjectPlacement[];
}

export interface ExtractPlan {
  readonly changes: readonly FileChange[];
  readonly report: ExtractReport;
}

/**
 * Splits duplicated cluster directories into `base/` (what every cluster shares, down to single Helm values)
 * and `clusters/<name>/` overlays holding only differences, so that `kubectl kustomize clusters/<name>` prints
 * exactly what the original directory builds to.
 */
export function planExtraction(clusters: readonly ClusterInput[]): Result<ExtractPlan> {
  const diagnostics: Diagnostic[] = [];
  const names = new Map<string, string>();
  for (const c of clusters) {
    const seen = names.get(c.name);
    if (seen !== undefined) {
      diagnostics.push({
        code: "duplicate-cluster-name",
        severity: "error",
        file: c.dir,
        message: `cluster directories "${seen}" and "${c.dir}" have the same folder name "${c.name}"`,
        hint: "overlays are named after the input folder; rename one of them",
      });
    }
    names.set(c.name, c.dir);
  }
  const selections = clusters.map((c) => readSourceObjects(c, diagnostics));
  if (diagnostics.some((d) => d.severity === "error")) return fail(diagnostics);

  const byId = indexObjects(selections);
  const commonIds = [...byId].filter(([, per]) => per.size === clusters.length).map(([id]) => id);
  const baseTrees = new Map<string, YMap>();
  for (const id of commonIds) {
    const trees = clusters.map((c) => byId.get(id)!.get(c.name)!.tree);
    baseTrees.set(id, intersectTrees(trees) as YMap);
  }

  const changes: FileChange[] = [];
  const baseFiles = planBaseFiles(clusters, selections, baseTrees);
  changes.push(...baseFiles);
  const placements: ObjectPlacement[] = [];
  const clusterLines: ClusterLines[] = [];
  const patchedIn = new Map<string, string[]>();
  for (const [i, cluster] of clusters.entries()) {
    const selection = selections[i]!;
    const overlay = planClusterOverlay(cluster, selection, baseTrees);
    changes.push(...overlay.changes);
    for (const id of overlay.patched) patchedIn.set(id, [...(patchedIn.get(id) ?? []), cluster.name]);
    clusterLines.push({ name: cluster.name, before: selection.lines, after: sumLines(overlay.changes) });
    for (const file of selection.sopsFiles)
      placements.push({
        id: `${cluster.name}:${file.path}`,
        placement: "sops",
        clusters: [cluster.name],
        patchedIn: [],
      });
  }
  for (const [id, per] of [...byId].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const inAll = per.size === clusters.length;
    const patched = patchedIn.get(id) ?? [];
    placements.push({
      id,
      placement: inAll ? (patched.length > 0 ? "base+patch" : "base") : "cluster",
      clusters: clusters.filter((c) => per.has(c.name)).map((c) => c.name),
      patchedIn: patched,
    });
  }
  const baseLines = sumLines(baseFiles);
  const report: ExtractReport = {
    linesBefore: clusterLines.reduce((n, c) => n + c.before, 0),
    linesAfter: baseLines + clusterLines.reduce((n, c) => n + c.after, 0),
    baseLines,
    clusters: clusterLines,
    objects: placements,
  };
  return ok({ changes: sortChanges(changes), report }, diagnostics);
}

function sumLines(changes: readonly FileChange[]): number {
  return changes.reduce((n, c) => n + countLines(c.content), 0);
}

function indexObjects(selections: readonly SourceSelection[]): Map<string, Map<string, SourceObject>> {
  const byId = new Map<string, Map<string, SourceObject>>();
  for (const s of selections) {
    for (const o of s.objects) {
      const per = byId.get(o.id) ?? new Map<string, SourceObject>();
      per.set(o.cluster, o);
      byId.set(o.id, per);
    }
  }
  return byId;
}

/** Base files keep the first cluster's file names; a file that is byte-identical everywhere is copied as is. */
function planBaseFiles(
  clusters: readonly ClusterInput[],
  selections: readonly SourceSelection[],
  baseTrees: ReadonlyMap<string, YMap>,
): FileChange[] {
  const first = selections[0];
  if (first === undefined) return [];
  const files = new Map<string, YNode[]>();
  for (const o of first.objects) {
    const tree = baseTrees.get(o.id);
    if (tree !== undefined) files.set(o.file, [...(files.get(o.file) ?? []), tree]);
  }
  const changes: FileChange[] = [];
  for (const [path, trees] of files) {
    const texts = clusters.map((c) => c.files.find((f) => f.path === path)?.text);
    const allObjectsShared = first.objects.filter((o) => o.file === path).every((o) => baseTrees.has(o.id));
    const identical =
      allObjectsShared &&
      texts.every((t) => t !== undefined && t === texts[0]) &&
      selections.every((s) => s.objects.filter((o) => o.file === path).length === trees.length);
    changes.push({ path: `base/${path}`, content: identical ? texts[0]! : renderYamlStream(trees) });
  }
  changes.push({ path: "base/kustomization.yaml", content: renderKustomization([...files.keys()].sort()) });
  return changes;
}

function planClusterOverlay(
  cluster: ClusterInput,
  selection: SourceSelection,
  baseTrees: ReadonlyMap<string, YMap>,
): { changes: FileChange[]; patched: string[] } {
  const root = `clusters/${cluster.name}`;
  const changes: FileChange[] = [];
  const resources = new Set<string>();
  for (const file of selection.sopsFiles) {
    changes.push({ path: `${root}/${file.path}`, content: file.text });
    resources.add(file.path);
  }
  for (const file of selection.sopsConfigs) changes.push({ path: `${root}/${file.path}`, content: file.text });
  const uniqueByFile = new Map<string, SourceObject[]>();
  for (const o of selection.objects) {
    if (!baseTrees.has(o.id)) uniqueByFile.set(o.file, [...(uniqueByFile.get(o.file) ?? []), o]);
  }
  for (const [path, objects] of uniqueByFile) {
    const all = selection.objects.filter((o) => o.file === path);
    const text = cluster.files.find((f) => f.path === path)?.text;
    const verbatim = objects.length === all.length && text !== undefined;
    changes.push({ path: `${root}/${path}`, content: verbatim ? text : renderYamlStream(objects.map((o) => o.tree)) });
    resources.add(path);
  }
  const patches: KustomizationPatchRef[] = [];
  const patched: string[] = [];
  const taken = new Set(resources);
  for (const o of selection.objects) {
    const base = baseTrees.get(o.id);
    if (base === undefined) continue;
    const patch = diffObjects(base, o.tree, { builtin: o.builtin });
    if (isEmptyPatch(patch)) continue;
    patched.push(o.id);
    const stem = uniquePath(`patches/${patchStem(o)}`, taken);
    changes.push(...renderPatchFiles(o, patch, { dir: root, stem, smpTarget: false }, patches));
  }
  changes.push({
    path: `${root}/kustomization.yaml`,
    content: renderKustomization(["../../base", ...[...resources].sort()], patches),
  });
  return { changes, patched };
}

function patchStem(o: SourceObject): string {
  return `${o.kind.toLowerCase()}-${o.name}`.replace(/[^A-Za-z0-9._-]/g, "_");
}

function uniquePath(stem: string, taken: Set<string>): string {
  let candidate = stem;
  for (let n = 2; taken.has(`${candidate}.yaml`) || taken.has(`${candidate}.ops.yaml`); n++) candidate = `${stem}-${n}`;
  taken.add(`${candidate}.yaml`);
  taken.add(`${candidate}.ops.yaml`);
  return candidate;
}
