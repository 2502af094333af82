import { closestMatch, dedupeDiagnostics, hasErrors, type Diagnostic } from "@infraflux/diagnostics";
import { emitTerraformComponents } from "./emit-components.ts";
import { emitOutputs, header } from "./emit-outputs.ts";
import type { CompileInput, CompileOptions, CompileResult, EnvironmentResult } from "./compile-types.ts";
import { expandImports } from "./imports.ts";
import { interpolateConfig } from "./interpolate.ts";
import { readSchemaKeys, type SchemaKeys } from "./json-schema-keys.ts";
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
  /** Defaults files that did not parse: the shape is incomplete, so layers are not checked against it. */
  readonly brokenDefaults: readonly string[];
  /** The final config's JSON Schema, when the project names one: the keys it declares are known too. */
  readonly schemaKeys: SchemaKeys | undefined;
  /** The layers a file stands for: its imports, then its own content (empty when the file does not exist). */
  load(file: string, layer: string): ConfigLayer[];
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
  const cache = new Map<string, MapNode | undefined>();
  const unparsed = new Set<string>();
  const parse = (file: string, label: string): MapNode | undefined => {
    const key = `${file}\u0000${label}`;
    if (cache.has(key)) return cache.get(key);
    const parsed = parseLayer(input.files.get(file) ?? "", file, label);
    report(`parse:${file}`, parsed.diagnostics);
    if (hasErrors(parsed.diagnostics)) unparsed.add(file);
    cache.set(key, parsed.root);
    return parsed.root;
  };
  const { configDir } = input;
  const fileSet = new Set(input.files.keys());
  const load = (file: string, layer: string): ConfigLayer[] =>
    fileSet.has(file) ? expandImports(file, layer, { configDir, files: fileSet, parse, report }) : [];
  const strategies = listStrategiesOf(input.project.config);
  const allFiles = [...input.files.keys()].sort();
  const defaults = allFiles.filter((f) => isYamlIn(f, `${configDir}/defaults/`)).flatMap((f) => load(f, "defaults"));
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
    if (l.length === 0)
      report(`missing:${f}`, [
        { code: "missing-file", severity: "error", message: `custom config file ${f} does not exist`, file: f },
      ]);
    return l;
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
    brokenDefaults: [...new Set(defaults.map((l) => l.file))].filter((f) => unparsed.has(f)),
    schemaKeys: input.project.config.schema
      ? readSchemaKeys(input.files.get(`${configDir}/${input.project.config.schema}`))
      : undefined,
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
  const envLayers = s.load(envFile, "environment");
  // the size template and the cluster file are chosen by the config without them
  const pre = mergeLayers(
    pruneTo([shape, ...[...envLayers, ...customs].map((l) => l.root)], [config.sizeKey, config.clusterKey]),
  ).root;
  const template = pickTemplate(input, pre, config.sizeKey, s.load, diagnostics);
  const cluster = pickCluster(input, pre, config.clusterKey, s.load);
  const byName: Record<string, readonly ConfigLayer[]> = {
    defaults,
    template,
    environment: envLayers,
    cluster,
    custom: customs,
  };
  const layers = config.layers.flatMap((name) => byName[name] ?? []);
  if (s.brokenDefaults.length > 0) s.report("not-checked", [notChecked(s.brokenDefaults, configDir)]);
  else
    for (const l of layers)
      if (l.layer !== "defaults" && l.root)
        s.report(
          `shape:${l.file}`,
          checkLayerShape(shape, l.root, { openPaths: config.openPaths, schema: s.schemaKeys }),
        );
  // the merged defaults are computed once; reuse them when the defaults come first
  const leading = layers.findIndex((l) => l.layer !== "defaults");
  const startsWithDefaults = config.layers[0] === "defaults" && leading === defaults.length;
  const roots = startsWithDefaults ? [shape, ...layers.slice(leading).map((l) => l.root)] : layers.map((l) => l.root);
  const merged = mergeLayers(roots, { listStrategies: s.strategies });
  s.report(`merge:${layers.map((l) => l.file).join(",")}`, merged.diagnostics);
  const interpolated = interpolateConfig(merged.root, {
    allowEnv: options.allowEnv ?? false,
    envVars: options.envVars ?? {},
    context: { "env.name": env },
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
  const inputs = layers.map((l) => l.file);
  const components = emitTerraformComponents(input, env, header(env, inputs), interpolated.root);
  diagnostics.push(...emitted.diagnostics, ...components.diagnostics);
  return {
    env,
    layers,
    merged: merged.root,
    final: interpolated.root,
    changes: [...emitted.changes, ...components.changes],
    requiredVariables: [...emitted.requiredVariables, ...components.requiredVariables],
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

/** Layers are not checked for unknown keys while a defaults file is broken: they would all look unknown. */
function notChecked(broken: readonly string[], configDir: string): Diagnostic {
  return {
    code: "not-checked",
    severity: "info",
    message: `the layers were not checked for unknown keys, because ${broken.join(", ")} has errors and the defaults in ${configDir}/defaults/ define the shape of the config`,
    file: broken[0]!,
    hint: "fix the errors reported for that file first",
  };
}

function isYamlIn(file: string, dir: string): boolean {
  return file.startsWith(dir) && !file.slice(dir.length).includes("/") && /\.ya?ml$/.test(file);
}

function pickTemplate(
  input: CompileInput,
  pre: MapNode,
  sizeKey: string,
  load: (f: string, l: string) => ConfigLayer[],
  diagnostics: Diagnostic[],
): ConfigLayer[] {
  const dir = `${input.configDir}/templates/`;
  const sizes = [...input.files.keys()]
    .filter((f) => isYamlIn(f, dir))
    .map((f) => f.slice(dir.length).replace(/\.ya?ml$/, ""))
    .sort();
  const node = nodeAt(pre, sizeKey);
  if (sizes.length === 0 || node === undefined) return [];
  if (node.kind !== "scalar" || typeof node.value !== "string") {
    diagnostics.push({
      code: "invalid-size",
      severity: "error",
      message: `"${sizeKey}" must be a string naming a size template (${sizes.join(", ")})`,
      file: node.origin.file,
      span: node.origin.span,
      path: sizeKey,
    });
    return [];
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
    return [];
  }
  return load(file, "template");
}

function pickCluster(
  input: CompileInput,
  pre: MapNode,
  clusterKey: string,
  load: (f: string, l: string) => ConfigLayer[],
): ConfigLayer[] {
  const node = nodeAt(pre, clusterKey);
  if (node?.kind !== "scalar" || typeof node.value !== "string" || node.value === "" || /[/\\]/.test(node.value))
    return [];
  const file = [`${input.configDir}/clusters/${node.value}.yaml`, `${input.configDir}/clusters/${node.value}.yml`].find(
    (f) => input.files.has(f),
  );
  return file ? load(file, "cluster") : [];
}
