import { spanAt, type Diagnostic } from "@infraflux/diagnostics";
import { lineStartsOf } from "@infraflux/input";
import { parseDocument } from "yaml";
import { getEntry, parseTrees, scalarAt, type TreeProblem, type YMap, type YNode } from "./yaml-tree.ts";

/** One Kubernetes object found in a cluster directory. */
export interface SourceObject {
  /** `apiVersion|kind|namespace|name`: kustomize's resource id (the patch GVK must match exactly). */
  readonly id: string;
  readonly cluster: string;
  readonly file: string;
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string;
  readonly namespace?: string;
  /** Built-in Kubernetes kinds get strategic merge with merge keys in kustomize; custom resources do not. */
  readonly builtin: boolean;
  readonly tree: YMap;
}

export interface SourceSelection {
  readonly objects: readonly SourceObject[];
  /** SOPS-encrypted files: never parsed into objects, copied byte for byte. */
  readonly sopsFiles: readonly { readonly path: string; readonly text: string }[];
  /** `.sops.yaml` creation-rule files, copied byte for byte to the same place in the overlay. */
  readonly sopsConfigs: readonly { readonly path: string; readonly text: string }[];
  /** Lines of every input file that takes part (including the directory's own kustomization.yaml). */
  readonly lines: number;
}

interface ClusterFiles {
  readonly name: string;
  readonly dir: string;
  readonly files: readonly { readonly path: string; readonly text: string }[];
}

const KUSTOMIZATION_NAMES = ["kustomization.yaml", "kustomization.yml", "Kustomization"];
const BUILTIN_GROUPS = new Set([
  "",
  "apps",
  "batch",
  "policy",
  "autoscaling",
  "networking.k8s.io",
  "rbac.authorization.k8s.io",
  "storage.k8s.io",
  "apiextensions.k8s.io",
  "admissionregistration.k8s.io",
  "scheduling.k8s.io",
  "coordination.k8s.io",
  "node.k8s.io",
  "discovery.k8s.io",
  "certificates.k8s.io",
  "flowcontrol.apiserver.k8s.io",
  "events.k8s.io",
  "apiregistration.k8s.io",
]);

/** `.sops.yaml` holds SOPS creation rules, not Kubernetes objects: copied as is, never a kustomize resource. */
export function isSopsConfig(path: string): boolean {
  return /(^|\/)\.sops\.ya?ml$/.test(path);
}

export function isBuiltinApiVersion(apiVersion: string): boolean {
  return BUILTIN_GROUPS.has(apiVersion.includes("/") ? apiVersion.split("/")[0]! : "");
}

/** Picks the files a cluster directory builds from, and parses them into objects (diagnostics collected). */
export function readSourceObjects(cluster: ClusterFiles, diagnostics: Diagnostic[]): SourceSelection {
  const kustomization = cluster.files.find((f) => KUSTOMIZATION_NAMES.includes(f.path));
  const selected = kustomization
    ? selectFromKustomization(cluster, kustomization, diagnostics)
    : cluster.files.filter((f) => /\.ya?ml$/.test(f.path) && !isSopsConfig(f.path));
  if (!kustomization) {
    for (const f of selected.filter((x) => /(^|\/)kustomization\.ya?ml$/.test(x.path))) {
      diagnostics.push({
        code: "unsupported-kustomization",
        severity: "error",
        file: `${cluster.dir}/${f.path}`,
        span: { line: 1, column: 1 },
        message: `nested ${f.path} in a directory without a top-level kustomization.yaml is not supported by extract`,
        hint: "give extract the directory that kustomization builds, or add a top-level kustomization.yaml listing the files",
      });
    }
  }
  const objects: SourceObject[] = [];
  const sopsFiles: { path: string; text: string }[] = [];
  const seen = new Map<string, string>();
  let lines = kustomization ? lineCount(kustomization.text) : 0;
  for (const file of selected) {
    if (!kustomization && /(^|\/)kustomization\.ya?ml$/.test(file.path)) continue;
    lines += lineCount(file.text);
    const display = `${cluster.dir}/${file.path}`;
    const lineStarts = lineStartsOf(file.text);
    const problems: TreeProblem[] = [];
    const trees = parseTrees(file.text, problems);
    for (const p of problems)
      diagnostics.push({
        code: "invalid-yaml",
        severity: "error",
        file: display,
        span: spanAt(lineStarts, p.offset),
        message: p.message,
      });
    if (problems.length > 0) continue;
    if (trees.some((t) => t.kind === "map" && getEntry(t, "sops")?.kind === "map")) {
      sopsFiles.push(file);
      continue;
    }
    for (const tree of trees) {
      const object = toSourceObject(cluster.name, file.path, tree, display, lineStarts, diagnostics);
      if (object === undefined) continue;
      const previous = seen.get(object.id);
      if (previous !== undefined) {
        diagnostics.push({
          code: "duplicate-object",
          severity: "error",
          file: display,
          span: spanAt(lineStarts, tree.offset ?? 0),
          message: `${object.kind} "${object.name}" is defined twice in ${cluster.dir} (also in ${previous}); kustomize rejects duplicate ids`,
        });
        continue;
      }
      seen.set(object.id, display);
      objects.push(object);
    }
  }
  const sopsConfigs = cluster.files.filter((f) => isSopsConfig(f.path));
  for (const f of sopsConfigs) lines += lineCount(f.text);
  return { objects, sopsFiles, sopsConfigs, lines };
}

function toSourceObject(
  cluster: string,
  file: string,
  tree: YNode,
  display: string,
  lineStarts: readonly number[],
  diagnostics: Diagnostic[],
): SourceObject | undefined {
  const at = (node: YNode | undefined) => spanAt(lineStarts, node?.offset ?? tree.offset ?? 0);
  if (tree.kind !== "map") {
    diagnostics.push({
      code: "not-an-object",
      severity: "error",
      file: display,
      span: at(tree),
      message:
        "a YAML document here is not a Kubernetes object (expected a mapping with apiVersion, kind and metadata.name)",
    });
    return undefined;
  }
  const apiVersion = scalarAt(tree, ["apiVersion"]);
  const kind = scalarAt(tree, ["kind"]);
  const name = scalarAt(tree, ["metadata", "name"]);
  const missing = [
    apiVersion === undefined && "apiVersion",
    kind === undefined && "kind",
    name === undefined && "metadata.name",
  ].filter(Boolean);
  if (missing.length > 0) {
    diagnostics.push({
      code: "not-an-object",
      severity: "error",
      file: display,
      span: at(tree),
      message: `object is missing ${missing.join(", ")}`,
      hint: "every document must be a Kubernetes object with apiVersion, kind and metadata.name",
    });
    return undefined;
  }
  const namespace = scalarAt(tree, ["metadata", "namespace"]);
  return {
    id: `${apiVersion}|${kind}|${namespace ?? ""}|${name}`,
    cluster,
    file,
    apiVersion: apiVersion!,
    kind: kind!,
    name: name!,
    namespace,
    builtin: isBuiltinApiVersion(apiVersion!),
    tree,
  };
}

function selectFromKustomization(cluster: ClusterFiles, k: { path: string; text: string }, diagnostics: Diagnostic[]) {
  const display = `${cluster.dir}/${k.path}`;
  const lineStarts = lineStartsOf(k.text);
  const doc = parseDocument(k.text);
  const selected: { path: string; text: string }[] = [];
  const root = doc.contents;
  const items = (root && "items" in root ? (root.items as unknown[]) : []) as {
    key: { value: unknown; range?: number[] };
    value: unknown;
  }[];
  for (const pair of items) {
    const key = String(pair.key?.value);
    if (key === "apiVersion" || key === "kind") continue;
    if (key !== "resources") {
      diagnostics.push({
        code: "unsupported-kustomization",
        severity: "error",
        file: display,
        span: spanAt(lineStarts, pair.key?.range?.[0] ?? 0),
        message: `"${key}" in ${k.path} is not supported by extract; only "resources" listing files is`,
        hint: "build the directory with kubectl kustomize and extract from the output, or move the field into the generated overlay by hand",
      });
      continue;
    }
    const list = pair.value as { items?: { value: unknown; range?: number[] }[] } | null;
    for (const item of list?.items ?? []) {
      const rel = String(item.value).replace(/^\.\//, "");
      const file = cluster.files.find((f) => f.path === rel);
      if (file === undefined) {
        diagnostics.push({
          code: "unsupported-resource",
          severity: "error",
          file: display,
          span: spanAt(lineStarts, item.range?.[0] ?? 0),
          message: `resource "${String(item.value)}" is not a YAML file inside ${cluster.dir}`,
          hint: "extract reads files listed in resources; directories and remote bases are not supported",
        });
        continue;
      }
      selected.push(file);
    }
  }
  return selected;
}

function lineCount(text: string): number {
  if (text === "") return 0;
  return text.split("\n").length - (text.endsWith("\n") ? 1 : 0);
}
