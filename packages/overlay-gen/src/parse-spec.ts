import { closestMatch, fail, ok, spanAt, type Diagnostic, type Result, type SourceSpan } from "@infraflux/diagnostics";
import { lineStartsOf, type UnknownKey, yamlPathSpan, zodIssuesToDiagnostics } from "@infraflux/input";
import { isNode, parseDocument } from "yaml";
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
  // The caret goes on the key when a path ends at a map entry: on the name the user wrote.
  const span = (path: readonly (string | number)[]) => yamlPathSpan({ document: doc, lineStarts }, path, { key: true });
  const parsed = overlaySpecSchema.safeParse(doc.toJS());
  if (!parsed.success) {
    const issues = zodIssuesToDiagnostics(parsed.error.issues, {
      schema: overlaySpecSchema,
      file,
      codes: { unknownKey: "unknown-key", invalid: "invalid-spec" },
      spanOf: span,
      formatUnknownKey: unknownFieldText,
      formatIssue: specIssueText,
    });
    return fail(byPosition([...diagnostics, ...issues]));
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

/** How a message names the object holding a key: `component`, `cluster`, `chart`, `flux`, or `root`. */
function contextOf(path: readonly (string | number)[]): string {
  const last = [...path].reverse().find((p) => typeof p === "string");
  if (path.length === 0) return "root";
  if (last === "components" && typeof path[path.length - 1] === "number")
    return path[0] === "clusters" ? "cluster" : "component";
  if (last === "clusters") return "cluster";
  return String(last);
}

function specIssueText(issue: { readonly message: string }, path: readonly (string | number)[]) {
  return {
    message: `${path.join(".") || "spec"}: ${issue.message}`,
    hint: path[path.length - 1] === "phase" ? `phases are ${PHASES.join(", ")}` : undefined,
  };
}

function unknownFieldText(u: UnknownKey) {
  return {
    message: `"${u.key}" is not a field of ${contextOf(u.path)}.${u.suggestion ? ` Did you mean "${u.suggestion}"?` : ""}`,
    hint: `allowed fields: ${u.known.join(", ")}`,
  };
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
