import { closestMatch, fail, ok, spanAt, type Diagnostic, type Result, type SourceSpan } from "@infraflux/diagnostics";
import { isNode, parseDocument, type Document } from "yaml";
import { lineStartsOf } from "./source-objects.ts";
import { overlaySpecSchema, PHASES, type OverlaySpec } from "./spec-schema.ts";
import { parseTrees, toTree, type TreeProblem, type YNode } from "./yaml-tree.ts";

/** A validated spec plus verbatim trees for everything copied into the output (values, cluster resources). */
export interface LoadedSpec {
  readonly file: string;
  readonly spec: OverlaySpec;
  /** Failsafe tree at a path of the spec (`["components", 0, "values"]`), scalars as written. */
  readonly treeAt: (path: readonly (string | number)[]) => YNode | undefined;
  readonly spanAt: (path: readonly (string | number)[]) => SourceSpan | undefined;
  /** Compiled values per cluster name and component (from `valuesFrom`), as verbatim trees. */
  readonly compiledValues: ReadonlyMap<string, ReadonlyMap<string, YNode>>;
}

/** Text of compiled values files, read by the caller: cluster name → component → file. */
export type CompiledValuesFiles = ReadonlyMap<
  string,
  ReadonlyMap<string, { readonly file: string; readonly text: string }>
>;

/** Parses and validates an overlay spec. Every problem is reported with file:line:col, all at once. */
export function parseSpec(text: string, file: string, compiled: CompiledValuesFiles = new Map()): Result<LoadedSpec> {
  const lineStarts = lineStartsOf(text);
  const doc = parseDocument(text, { uniqueKeys: true, prettyErrors: false });
  const diagnostics: Diagnostic[] = doc.errors.map((e) => ({
    code: "invalid-yaml",
    severity: "error",
    file,
    span: spanAt(lineStarts, e.pos[0]),
    message: e.message.split("\n")[0] ?? e.message,
  }));
  if (diagnostics.length > 0) return fail(diagnostics);
  const safe = parseDocument(text, { schema: "failsafe" });
  const span = (path: readonly (string | number)[]) => locate(doc, lineStarts, path);
  const parsed = overlaySpecSchema.safeParse(doc.toJS());
  if (!parsed.success) {
    for (const issue of parsed.error.issues) diagnostics.push(issueToDiagnostic(issue, file, span));
    return fail(byPosition(diagnostics));
  }
  const spec = parsed.data;
  diagnostics.push(...checkReferences(spec, file, span));
  if (diagnostics.some((d) => d.severity === "error")) return fail(byPosition(diagnostics));
  const treeAt = (path: readonly (string | number)[]): YNode | undefined => {
    const node = safe.getIn(path, true);
    if (!isNode(node)) return undefined;
    const problems: TreeProblem[] = [];
    return toTree(node, problems);
  };
  const compiledValues = parseCompiledValues(compiled, diagnostics);
  if (diagnostics.some((d) => d.severity === "error")) return fail(diagnostics);
  return ok({ file, spec, treeAt, spanAt: span, compiledValues }, diagnostics);
}

function parseCompiledValues(
  compiled: CompiledValuesFiles,
  diagnostics: Diagnostic[],
): Map<string, Map<string, YNode>> {
  const result = new Map<string, Map<string, YNode>>();
  for (const [cluster, files] of compiled) {
    const trees = new Map<string, YNode>();
    for (const [component, { file, text }] of files) {
      const problems: TreeProblem[] = [];
      const [tree] = parseTrees(text, problems);
      const starts = lineStartsOf(text);
      for (const p of problems)
        diagnostics.push({
          code: "invalid-yaml",
          severity: "error",
          file,
          span: spanAt(starts, p.offset),
          message: p.message,
        });
      if (tree !== undefined && tree.kind !== "map")
        diagnostics.push({
          code: "invalid-values",
          severity: "error",
          file,
          span: spanAt(starts, tree.offset ?? 0),
          message: "compiled Helm values must be a mapping",
        });
      else if (tree !== undefined) trees.set(component, tree);
    }
    result.set(cluster, trees);
  }
  return result;
}

function locate(
  doc: Document,
  lineStarts: readonly number[],
  path: readonly (string | number)[],
): SourceSpan | undefined {
  for (let n = path.length; n >= 0; n--) {
    const prefix = path.slice(0, n);
    const node = n === 0 ? doc.contents : doc.getIn(prefix, true);
    if (isNode(node) && node.range) {
      // Point at the key when the path ends at a map entry, so the caret is on the name the user wrote.
      const parent = n > 0 ? doc.getIn(prefix.slice(0, -1), true) : undefined;
      const keyRange =
        parent && "items" in (parent as object)
          ? findKeyRange(parent as { items: unknown[] }, prefix[prefix.length - 1])
          : undefined;
      return spanAt(lineStarts, keyRange ?? node.range[0]);
    }
  }
  return undefined;
}

function findKeyRange(parent: { items: unknown[] }, key: string | number | undefined): number | undefined {
  if (typeof key !== "string") return undefined;
  for (const item of parent.items) {
    const k = (item as { key?: { value?: unknown; range?: number[] } }).key;
    if (k?.value === key) return k.range?.[0];
  }
  return undefined;
}

interface ZodIssueLike {
  readonly code: string;
  readonly path: readonly PropertyKey[];
  readonly message: string;
  readonly keys?: readonly string[];
  readonly values?: readonly unknown[];
}

const KNOWN_KEYS: Record<string, readonly string[]> = {
  root: ["apiVersion", "kind", "flux", "argocd", "components", "clusters"],
  component: ["name", "phase", "namespace", "createNamespace", "chart", "interval", "values"],
  cluster: ["name", "components", "storage", "valuesFrom", "values", "versions", "resources"],
  chart: ["name", "repository", "version"],
  flux: ["namespace", "sourceRef", "interval", "timeout", "root", "bootstrapKustomization"],
  resources: ["infrastructure-config", "apps"],
};

function issueToDiagnostic(
  issue: ZodIssueLike,
  file: string,
  span: (p: readonly (string | number)[]) => SourceSpan | undefined,
): Diagnostic {
  const path = issue.path.filter((p): p is string | number => typeof p !== "symbol");
  const dotted = path.join(".");
  if (issue.code === "unrecognized_keys" && issue.keys && issue.keys.length > 0) {
    const key = issue.keys[0]!;
    const known = KNOWN_KEYS[contextOf(path)] ?? [];
    const suggestion = closestMatch(key, known);
    return {
      code: "unknown-key",
      severity: "error",
      file,
      span: span([...path, key]),
      path: [...path, key].join("."),
      message: `"${key}" is not a field of ${contextOf(path)}.${suggestion ? ` Did you mean "${suggestion}"?` : ""}`,
      hint: `allowed fields: ${known.join(", ")}`,
    };
  }
  const isPhase = path[path.length - 1] === "phase";
  return {
    code: "invalid-spec",
    severity: "error",
    file,
    span: span(path),
    path: dotted,
    message: `${dotted || "spec"}: ${issue.message}`,
    hint: isPhase ? `phases are ${PHASES.join(", ")}` : undefined,
  };
}

function contextOf(path: readonly (string | number)[]): string {
  const last = [...path].reverse().find((p) => typeof p === "string");
  if (path.length === 0) return "root";
  if (last === "components" && typeof path[path.length - 1] === "number")
    return path[0] === "clusters" ? "cluster" : "component";
  if (last === "clusters") return "cluster";
  return String(last);
}

function checkReferences(
  spec: OverlaySpec,
  file: string,
  span: (p: readonly (string | number)[]) => SourceSpan | undefined,
): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const byName = new Map(spec.components.map((c, i) => [c.name, { component: c, index: i }]));
  const err = (path: (string | number)[], code: string, message: string, hint?: string): void => {
    diagnostics.push({ code, severity: "error", file, span: span(path), path: path.join("."), message, hint });
  };
  const seenNames = new Map<string, number>();
  const seenNamespaces = new Map<string, string>();
  for (const [i, c] of spec.components.entries()) {
    if (seenNames.has(c.name))
      err(
        ["components", i, "name"],
        "duplicate-component",
        `component "${c.name}" is defined twice (first at components.${seenNames.get(c.name)})`,
      );
    seenNames.set(c.name, i);
    if (!c.createNamespace) continue;
    const owner = seenNamespaces.get(c.namespace);
    if (owner !== undefined)
      err(
        ["components", i, "namespace"],
        "duplicate-namespace",
        `components "${owner}" and "${c.name}" both create namespace "${c.namespace}"; kustomize rejects the duplicate Namespace`,
        `set createNamespace: false on "${c.name}"`,
      );
    else seenNamespaces.set(c.namespace, c.name);
  }
  const clusterNames = new Set<string>();
  for (const [i, cluster] of spec.clusters.entries()) {
    if (clusterNames.has(cluster.name))
      err(["clusters", i, "name"], "duplicate-cluster", `cluster "${cluster.name}" is defined twice`);
    clusterNames.add(cluster.name);
    const unknown = (name: string, path: (string | number)[]) => {
      const guess = closestMatch(name, byName.keys());
      err(
        path,
        "unknown-component",
        `cluster "${cluster.name}" refers to component "${name}", which components[] does not define.${guess ? ` Did you mean "${guess}"?` : ""}`,
      );
    };
    for (const [j, name] of cluster.components.entries())
      if (!byName.has(name)) unknown(name, ["clusters", i, "components", j]);
    if (cluster.storage !== undefined) {
      const storage = byName.get(cluster.storage);
      if (storage === undefined) unknown(cluster.storage, ["clusters", i, "storage"]);
      else if (storage.component.phase !== "storage")
        err(
          ["clusters", i, "storage"],
          "not-a-storage-component",
          `storage "${cluster.storage}" is in phase ${storage.component.phase}, not storage`,
        );
    }
    const enabled = new Set([...cluster.components, ...(cluster.storage ? [cluster.storage] : [])]);
    for (const key of ["values", "versions"] as const) {
      for (const name of Object.keys(cluster[key])) {
        if (!byName.has(name)) unknown(name, ["clusters", i, key, name]);
        else if (!enabled.has(name))
          err(
            ["clusters", i, key, name],
            "component-not-enabled",
            `cluster "${cluster.name}" sets ${key} for "${name}" but does not enable it`,
            `add "${name}" to clusters[${i}].components`,
          );
      }
    }
  }
  return diagnostics;
}

function byPosition(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return [...diagnostics].sort(
    (a, b) => (a.span?.line ?? 0) - (b.span?.line ?? 0) || (a.span?.column ?? 0) - (b.span?.column ?? 0),
  );
}
