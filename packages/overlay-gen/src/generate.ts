import { EnvironmentError, fail, ok, type Diagnostic, type Result, type SourceSpan } from "@infraflux/diagnostics";
import { lineStartsOf, yamlPathSpan } from "@infraflux/input";
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { parseDocument } from "yaml";
import { planArgoTree } from "./argocd.ts";
import { sortChanges, type FileChange } from "./emit.ts";
import { planFluxTree } from "./flux.ts";
import { parseSpec, type CompiledValuesFiles } from "./parse-spec.ts";

export type Engine = "flux" | "argocd";

export interface GeneratePlan {
  readonly changes: readonly FileChange[];
}

/** Plans the whole output tree from spec text (pure). Objects are validated with their typed models first. */
export function planOverlays(
  specText: string,
  specFile: string,
  engine: Engine,
  compiled: CompiledValuesFiles = new Map(),
): Result<GeneratePlan> {
  const loaded = parseSpec(specText, specFile, compiled);
  if (!loaded.ok) return loaded;
  const diagnostics: Diagnostic[] = [...loaded.diagnostics];
  const changes = engine === "flux" ? planFluxTree(loaded.value, diagnostics) : planArgoTree(loaded.value, diagnostics);
  if (diagnostics.some((d) => d.severity === "error")) return fail(diagnostics);
  return ok({ changes: sortChanges(changes) }, diagnostics);
}

export interface GenerateOptions {
  /** Spec path as the user typed it (used in messages). */
  readonly specPath: string;
  readonly cwd: string;
  /** Default: flux. */
  readonly engine?: Engine;
}

/** Reads the spec (IO) and plans the tree. */
export function generateOverlays(options: GenerateOptions): Result<GeneratePlan> {
  let text: string;
  try {
    text = readFileSync(resolve(options.cwd, options.specPath), "utf8");
  } catch (cause) {
    if ((cause as NodeJS.ErrnoException).code === "ENOENT") {
      return fail([
        {
          code: "spec-not-found",
          severity: "error",
          file: options.specPath,
          message: `spec file "${options.specPath}" does not exist`,
        },
      ]);
    }
    throw new EnvironmentError("read-failed", `cannot read ${options.specPath}`, { cause });
  }
  const compiled = readCompiledValues(text, options);
  if (!compiled.ok) return compiled;
  return planOverlays(text, options.specPath, options.engine ?? "flux", compiled.value);
}

/**
 * Reads `<valuesFrom>/<component>/values.yaml` for every cluster with `valuesFrom` (the layout the config
 * compiler writes under kubernetes/overlays/<env>/). Paths are relative to the spec file.
 */
function readCompiledValues(specText: string, options: GenerateOptions): Result<CompiledValuesFiles> {
  // A spec that does not parse names no valuesFrom; parseSpec then reports its syntax errors with file:line:col.
  const parsed = parseDocument(specText, { prettyErrors: false });
  if (parsed.errors.length > 0) return ok(new Map());
  const doc = parsed.toJS() as {
    clusters?: { name?: unknown; valuesFrom?: unknown; components?: unknown; storage?: unknown }[];
  } | null;
  const result = new Map<string, Map<string, { file: string; text: string }>>();
  const diagnostics: Diagnostic[] = [];
  for (const [i, cluster] of (Array.isArray(doc?.clusters) ? doc.clusters : []).entries()) {
    if (typeof cluster?.valuesFrom !== "string") continue;
    const dir = join(dirname(options.specPath), cluster.valuesFrom);
    if (!existsSync(resolve(options.cwd, dir))) {
      diagnostics.push({
        code: "values-from-missing",
        severity: "error",
        file: options.specPath,
        path: `clusters.${i}.valuesFrom`,
        span: spanOfValuesFrom(specText, i),
        message: `valuesFrom directory "${cluster.valuesFrom}" (${dir}) does not exist`,
      });
      continue;
    }
    const files = new Map<string, { file: string; text: string }>();
    const enabled = [...(Array.isArray(cluster.components) ? cluster.components : []), cluster.storage].filter(
      (c): c is string => typeof c === "string",
    );
    for (const component of enabled) {
      const file = join(dir, component, "values.yaml");
      if (existsSync(resolve(options.cwd, file)))
        files.set(component, { file, text: readFileSync(resolve(options.cwd, file), "utf8") });
    }
    result.set(String(cluster.name), files);
  }
  return diagnostics.length > 0 ? fail(diagnostics) : ok(result);
}

function spanOfValuesFrom(text: string, index: number): SourceSpan | undefined {
  return yamlPathSpan({ document: parseDocument(text), lineStarts: lineStartsOf(text) }, [
    "clusters",
    index,
    "valuesFrom",
  ]);
}
