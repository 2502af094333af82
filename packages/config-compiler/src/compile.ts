import { closestMatch, dedupeDiagnostics, type Diagnostic } from "@infraflux/diagnostics";
import { emitOutputs } from "./emit-outputs.ts";
import type { CompileInput, CompileOptions, CompileResult, EnvironmentResult } from "./compile-types.ts";
import { interpolateConfig } from "./interpolate.ts";
import { mergeLayers } from "./merge.ts";
import { parseLayer } from "./parse.ts";
import { listStrategiesOf } from "./project.ts";
import { checkLayerShape } from "./shape.ts";
import { validateFinalConfig } from "./validate-schema.ts";
import { nodeAt, type ConfigLayer, type ListStrategy, type MapEntry, type MapNode } from "./tree.ts";

/** Every environment under `<configDir>/environments/`. */
export function listEnvironments(configDir: string, files: Iterable<string>): string[] {
  const prefix = `${configDir}/environments/`;
  return [...files]
    .filter((f) => f.startsWith(prefix) && /\.ya?ml$/.test(f) && !f.slice(prefix.length).includes("/"))
    .map((f) => f.slice(prefix.length).replace(/\.ya?ml$/, ""))
    .sort();
}

/** State shared by the environments of one compile: each file is parsed and shape-checked once. */
interface Session {
  readonly input: CompileInput;
  readonly options: CompileOptions;
  readonly diagnostics: Diagnostic[];
  readonly strategies: ReadonlyMap<string, ListStrategy>;
  readonly defaults: readonly ConfigLayer[];
  /** The merged defaults: the shape of the config. */
  readonly shape: MapNode;
  readonly customs: readonly ConfigLayer[];
  readonly known: readonly string[];
  load(file: string, layer: string): ConfigLayer | undefined;
  /** Adds diagnostics once per key (a file shared by many environments reports once). */
  report(key: string, list: readonly Diagnostic[]): void;
}

/**
 * Compiles each requested environment: layers → merge → shape and type checks → interpolation → JSON
 * Schema → outputs. Pure. Every problem is collected; when there is any error, no files are produced.
 */
export function compileConfig(input: CompileInput, options: CompileOptions): CompileResult {
  const session = openSession(input, options);
  const environments = options.envs.flatMap((env) => compileEnvironment(session, env) ?? []);
  const unique = dedupeDiagnostics(session.diagnostics);
  const failed = unique.some((d) => d.severity === "error");
  return {
    environments: failed ? environments.map((e) => ({ ...e, changes: [] })) : environments,
    diagnostics: unique,
  };
}

function openSession(input: CompileInput, options: CompileOptions): Session {
  const diagnostics: Diagnostic[] = [];
  const reported = new Set<string>();
  const report = (key: string, list: readonly Diagnostic[]) => {
    if (reported.has(key)) return;
    reported.add(key);
    diagnostics.push(...list);
  };
  const cache = new Map<string, ConfigLayer>();
  const load = (file: string, layer: string): ConfigLayer | undefined => {
    const hit = cache.get(file);
    if (hit) return hit;
    const text = input.files.get(file);
    if (text === undefined) return undefined;
    const parsed = parseLayer(text, file, layer);
    report(`parse:${file}`, parsed.diagnostics);
    const result: ConfigLayer = { layer, file, root: parsed.root };
    cache.set(file, result);
    return result;
  };
  const { configDir } = input;
  const strategies = listStrategiesOf(input.project.config);
  const allFiles = [...input.files.keys()].sort();
  const defaults = allFiles
    .filter((f) => isYamlIn(f, `${configDir}/defaults/`))
    .flatMap((f) => load(f, "defaults") ?? []);
  const defaultsMerge = mergeLayers(
    defaults.map((l) => l.root),
    { listStrategies: strategies },
  );
  report("merge:defaults", defaultsMerge.diagnostics);
  if (defaults.length === 0)
    report("no-defaults", [
      {
        code: "missing-defaults",
        severity: "error",
        message: `no defaults found in ${configDir}/defaults/*.yaml; the defaults define the shape of the config`,
        file: `${configDir}/defaults`,
      },
    ]);
  const customs = (options.customFiles ?? []).flatMap((f) => {
    const l = load(f, "custom");
    if (!l)
      report(`missing:${f}`, [
        { code: "missing-file", severity: "error", message: `custom config file ${f} does not exist`, file: f },
      ]);
    return l ?? [];
  });
  return {
    input,
    options,
    diagnostics,
    strategies,
    defaults,
    shape: defaultsMerge.root,
    customs,
    known: listEnvironments(configDir, allFiles),
    load,
    report,
  };
}

function compileEnvironment(s: Session, env: string): EnvironmentResult | undefined {
  const { input, options, diagnostics, shape, defaults, customs } = s;
  const { configDir } = input;
  const config = input.project.config;
  const envFile = [`${configDir}/environments/${env}.yaml`, `${configDir}/environments/${env}.yml`].find((f) =>
    input.files.has(f),
  );
  if (!envFile) {
    const hint = closestMatch(env, s.known);
    diagnostics.push({
      code: "missing-environment",
      severity: "error",
      message: `environment "${env}" has no file ${configDir}/environments/${env}.yaml.${hint ? ` Did you mean "${hint}"?` : ""}`,
      file: `${configDir}/environments`,
      hint: `known environments: ${s.known.join(", ") || "(none)"}`,
    });
    return undefined;
  }
  const envLayer = s.load(envFile, "environment")!;
  // the size template and the cluster file are chosen by the config without them
  const pre = mergeLayers(
    pruneTo([shape, envLayer.root, ...customs.map((l) => l.root)], [config.sizeKey, config.clusterKey]),
  ).root;
  const template = pickTemplate(input, pre, config.sizeKey, s.load, diagnostics);
  const cluster = pickCluster(input, pre, config.clusterKey, s.load);
  const byName: Record<string, readonly ConfigLayer[]> = {
    defaults,
    template: template ? [template] : [],
    environment: [envLayer],
    cluster: cluster ? [cluster] : [],
    custom: customs,
  };
  const layers = config.layers.flatMap((name) => byName[name] ?? []);
  for (const l of layers)
    if (l.layer !== "defaults" && l.root)
      s.report(`shape:${l.file}`, checkLayerShape(shape, l.root, { openPaths: config.openPaths }));
  // the merged defaults are computed once; reuse them when the defaults come first
  const leading = layers.findIndex((l) => l.layer !== "defaults");
  const startsWithDefaults = config.layers[0] === "defaults" && leading === defaults.length;
  const roots = startsWithDefaults ? [shape, ...layers.slice(leading).map((l) => l.root)] : layers.map((l) => l.root);
  const merged = mergeLayers(roots, { listStrategies: s.strategies });
  s.report(`merge:${layers.map((l) => l.file).join(",")}`, merged.diagnostics);
  const interpolated = interpolateConfig(merged.root, {
    allowEnv: options.allowEnv ?? false,
    envVars: options.envVars ?? {},
  });
  diagnostics.push(...interpolated.diagnostics);
  if (config.schema)
    diagnostics.push(
      ...validateFinalConfig(
        interpolated.root,
        `${configDir}/${config.schema}`,
        input.files.get(`${configDir}/${config.schema}`),
      ),
    );
  const emitted = emitOutputs(input, env, layers, interpolated.root);
  diagnostics.push(...emitted.diagnostics);
  return {
    env,
    layers,
    merged: merged.root,
    final: interpolated.root,
    changes: emitted.changes,
    requiredVariables: emitted.requiredVariables,
    secretReferences: emitted.secretReferences,
  };
}

/**
 * Each root cut down to the maps on the way to `paths` (what picking the template and cluster reads), so that
 * merging them yields the same values at those paths as merging the whole layers. A non-map on the way is kept whole.
 */
function pruneTo(roots: readonly (MapNode | undefined)[], paths: readonly string[]): (MapNode | undefined)[] {
  const segments = paths.map((p) => p.split("."));
  const prune = (node: MapNode, depth: number, live: readonly string[][]): MapNode => {
    const entries = new Map<string, MapEntry>();
    for (const key of new Set(live.map((s) => s[depth]!))) {
      const entry = node.entries.get(key);
      if (!entry) continue;
      const deeper = live.filter((s) => s[depth] === key && s.length > depth + 1);
      const value =
        entry.value.kind === "map" && deeper.length > 0 ? prune(entry.value, depth + 1, deeper) : entry.value;
      entries.set(key, { keyOrigin: entry.keyOrigin, value });
    }
    return { ...node, entries };
  };
  return roots.map((r) => (r ? prune(r, 0, segments) : r));
}

function isYamlIn(file: string, dir: string): boolean {
  return file.startsWith(dir) && !file.slice(dir.length).includes("/") && /\.ya?ml$/.test(file);
}

function pickTemplate(
  input: CompileInput,
  pre: MapNode,
  sizeKey: string,
  load: (f: string, l: string) => ConfigLayer | undefined,
  diagnostics: Diagnostic[],
): ConfigLayer | undefined {
  const dir = `${input.configDir}/templates/`;
  const sizes = [...input.files.keys()]
    .filter((f) => isYamlIn(f, dir))
    .map((f) => f.slice(dir.length).replace(/\.ya?ml$/, ""))
    .sort();
  const node = nodeAt(pre, sizeKey);
  if (sizes.length === 0 || node === undefined) return undefined;
  if (node.kind !== "scalar" || typeof node.value !== "string") {
    diagnostics.push({
      code: "invalid-size",
      severity: "error",
      message: `"${sizeKey}" must be a string naming a size template (${sizes.join(", ")})`,
      file: node.origin.file,
      span: node.origin.span,
      path: sizeKey,
    });
    return undefined;
  }
  const file = [`${dir}${node.value}.yaml`, `${dir}${node.value}.yml`].find((f) => input.files.has(f));
  if (!file) {
    const s = closestMatch(node.value, sizes);
    diagnostics.push({
      code: "unknown-size",
      severity: "error",
      message: `"${sizeKey}" is "${node.value}", but there is no ${dir}${node.value}.yaml.${s ? ` Did you mean "${s}"?` : ""}`,
      file: node.origin.file,
      span: node.origin.span,
      path: sizeKey,
      hint: `sizes: ${sizes.join(", ")}`,
    });
    return undefined;
  }
  return load(file, "template");
}

function pickCluster(
  input: CompileInput,
  pre: MapNode,
  clusterKey: string,
  load: (f: string, l: string) => ConfigLayer | undefined,
): ConfigLayer | undefined {
  const node = nodeAt(pre, clusterKey);
  if (node?.kind !== "scalar" || typeof node.value !== "string" || node.value === "" || /[/\\]/.test(node.value))
    return undefined;
  const file = [`${input.configDir}/clusters/${node.value}.yaml`, `${input.configDir}/clusters/${node.value}.yml`].find(
    (f) => input.files.has(f),
  );
  return file ? load(file, "cluster") : undefined;
}
