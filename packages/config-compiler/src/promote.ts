import type { Diagnostic } from "@infraflux/diagnostics";
import { parse as parseYaml } from "yaml";
import { compileConfig } from "./compile.ts";
import type { CompileInput, EnvironmentResult } from "./compile-types.ts";
import {
  applyCandidates,
  matchesPathPattern,
  type PromotedValue,
  type PromotionCandidate,
  pendingCandidates,
  promotablePaths,
  type TargetValue,
} from "./promote-values.ts";
import { projectSpan } from "./project.ts";
import { type ConfigNode, nodeAt, toPlain } from "./tree.ts";
import { yamlNodeText } from "./yaml-text-edit.ts";

/** What may be promoted, from `promotion:` in infraflux.config.yaml. */
export interface PromotionRules {
  readonly order: readonly string[];
  readonly paths: readonly string[];
  /** Where the rules were declared (for diagnostics), or undefined for the built-in defaults. */
  readonly file?: string;
}

export interface PromoteOptions {
  readonly from: string;
  readonly to: string;
  /** Promote only these dot paths or patterns; each must be promotable unless `force`. */
  readonly paths?: readonly string[];
  /** Promote against the order, or paths that are not declared promotable. */
  readonly force?: boolean;
}

/** A compiled output of the target environment before and after the promotion. */
export interface OutputDiff {
  readonly path: string;
  readonly before: string | undefined;
  readonly after: string | undefined;
}

export interface PromotionPlan {
  readonly from: string;
  readonly to: string;
  /** The target file the promotion edits (repository-relative). */
  readonly file: string;
  readonly before: string;
  readonly after: string;
  readonly promoted: readonly PromotedValue[];
  readonly outputs: readonly OutputDiff[];
  readonly diagnostics: readonly Diagnostic[];
}

/** Order and path checks shared by environment and application promotions. */
export function checkPromotionRules(rules: PromotionRules, options: PromoteOptions): Diagnostic[] {
  const where = rules.file ? { file: rules.file } : {};
  const out: Diagnostic[] = [];
  const severity = options.force ? "warning" : "error";
  const fromIndex = rules.order.indexOf(options.from);
  const toIndex = rules.order.indexOf(options.to);
  if (fromIndex < 0 || toIndex < 0)
    out.push({
      code: "promote-order",
      severity,
      ...where,
      message: `${fromIndex < 0 ? options.from : options.to} is not in the promotion order (${rules.order.join(" → ")})`,
      hint: "add it to promotion.order in infraflux.config.yaml, or pass --force",
    });
  else if (fromIndex >= toIndex)
    out.push({
      code: "promote-order",
      severity,
      ...where,
      message: `promoting ${options.from} → ${options.to} goes against the promotion order (${rules.order.join(" → ")})`,
      hint: "promote forward only, or pass --force (e.g. to roll a hotfix back into an earlier environment)",
    });
  for (const p of options.paths ?? [])
    if (!rules.paths.some((pattern) => matchesPathPattern(pattern, p.split("."))))
      out.push({
        code: "promote-path",
        severity,
        ...where,
        path: p,
        message: `${p} is not promotable (promotion.paths: ${rules.paths.join(", ") || "none"})`,
        hint: "add a pattern to promotion.paths in infraflux.config.yaml, or pass --force",
      });
  return out;
}

/** Promotes an environment's values to the next environment's file (`config/environments/<to>.yaml`). Pure. */
export function planEnvironmentPromotion(
  input: CompileInput,
  rules: PromotionRules,
  options: PromoteOptions,
): PromotionPlan {
  const empty = { from: options.from, to: options.to, file: "", before: "", after: "", promoted: [], outputs: [] };
  const ruleProblems = checkPromotionRules(rules, options);
  if (ruleProblems.some((d) => d.severity === "error")) return { ...empty, diagnostics: ruleProblems };
  const compiled = compileConfig(input, { envs: [options.from, options.to] });
  const [source, target] = [options.from, options.to].map((e) => compiled.environments.find((r) => r.env === e));
  if (compiled.diagnostics.some((d) => d.severity === "error") || !source || !target)
    return { ...empty, diagnostics: [...ruleProblems, ...compiled.diagnostics] };
  const file = target.layers.find((l) => l.layer === "environment")!.file;
  const before = input.files.get(file) ?? "";
  const { layers } = input.project.config;
  const laterLayers = new Set<string>(layers.slice(layers.indexOf("environment") + 1));
  const diagnostics: Diagnostic[] = [...ruleProblems];
  const targetAt = (path: readonly string[]): TargetValue | undefined => targetValue(target, file, path);
  const candidates = pendingCandidates(candidatesOf(input, source, options.paths ?? rules.paths), targetAt).filter(
    (c) => {
      const node = nodeAt(target.merged, c.path.join("."));
      if (!node || !laterLayers.has(node.origin.layer)) return true;
      diagnostics.push({
        code: "promote-later-layer",
        severity: "warning",
        file: node.origin.file,
        span: node.origin.span,
        path: c.path.join("."),
        message: `${options.to}'s ${c.path.join(".")} is set by the ${node.origin.layer} layer, after the environment file; not promoted`,
        hint: `change it in ${node.origin.file}, or remove it there so that the environment's value applies`,
      });
      return false;
    },
  );
  const edited = applyCandidates(before, file, candidates, targetAt);
  diagnostics.push(...edited.diagnostics);
  const outputs = edited.text === before ? [] : outputDiffs(input, target, file, edited.text, diagnostics);
  return { ...empty, file, before, after: edited.text, promoted: edited.promoted, outputs, diagnostics };
}

/** Promotes an application's values file (`environments/<env>/values/<app>.yaml`) to the next environment. Pure. */
export function planValuesPromotion(
  files: { readonly from: string; readonly fromText: string; readonly to: string; readonly toText: string },
  rules: PromotionRules,
  options: PromoteOptions,
): PromotionPlan {
  const base = { from: options.from, to: options.to, file: files.to, before: files.toText, outputs: [] };
  const diagnostics = checkPromotionRules(rules, options);
  if (diagnostics.some((d) => d.severity === "error"))
    return { ...base, after: files.toText, promoted: [], diagnostics };
  const source = parseYaml(files.fromText, { logLevel: "error" }) ?? {};
  const target = parseYaml(files.toText, { logLevel: "error" }) ?? {};
  const candidates = promotablePaths(source, options.paths ?? rules.paths).map((path) => ({
    path,
    value: plainAt(source, path),
    ...textOf(yamlNodeText(files.fromText, path)),
  }));
  const targetAt = (path: readonly string[]): TargetValue | undefined => {
    const value = plainAt(target, path);
    return value === undefined ? undefined : { value, source: "file" };
  };
  const edited = applyCandidates(files.toText, files.to, pendingCandidates(candidates, targetAt), targetAt);
  return {
    ...base,
    after: edited.text,
    promoted: edited.promoted,
    diagnostics: [...diagnostics, ...edited.diagnostics],
  };
}

/** The promotion rules of a project config, or the defaults with an error when it declares none. */
export function promotionRulesOf(input: CompileInput): { rules: PromotionRules; diagnostics: Diagnostic[] } {
  const declared = input.project.config.promotion;
  if (declared) return { rules: { ...declared, file: input.project.file }, diagnostics: [] };
  return {
    rules: { order: [], paths: [], file: input.project.file },
    diagnostics: [
      {
        code: "promote-not-configured",
        severity: "error",
        ...projectSpan(input.project, ""),
        message: "infraflux.config.yaml declares no promotion: which environments promote to which, and which values",
        hint: "add e.g.  promotion: { order: [dev, staging, prod], paths: [images.*, charts.*.version] }",
      },
    ],
  };
}

function candidatesOf(
  input: CompileInput,
  source: EnvironmentResult,
  patterns: readonly string[],
): PromotionCandidate[] {
  const plain = toPlain(source.merged);
  return promotablePaths(plain, patterns).map((path) => {
    const node = nodeAt(source.merged, path.join("."))!;
    return { path, value: plainAt(plain, path), ...textOf(sourceText(input, node, path)) };
  });
}

/** A scalar's text as written in the layer that set it (keeps quoting and `!secret` tags). */
function sourceText(input: CompileInput, node: ConfigNode, path: readonly string[]): string | undefined {
  if (node.kind === "secret") return `!secret ${node.ref}`;
  if (node.kind !== "scalar") return undefined;
  const text = input.files.get(node.origin.file);
  return text === undefined ? undefined : yamlNodeText(text, path);
}

function targetValue(target: EnvironmentResult, file: string, path: readonly string[]): TargetValue | undefined {
  const node = nodeAt(target.merged, path.join("."));
  if (!node) return undefined;
  const { origin } = node;
  return {
    value: toPlain(node),
    source:
      origin.file === file
        ? "file"
        : { file: origin.file, line: origin.span.line, column: origin.span.column, layer: origin.layer },
  };
}

/** The target's compiled outputs before and after the edit; the edit must reach the merged config. */
function outputDiffs(
  input: CompileInput,
  target: EnvironmentResult,
  file: string,
  text: string,
  diagnostics: Diagnostic[],
): OutputDiff[] {
  const files = new Map(input.files);
  files.set(file, text);
  const after = compileConfig({ ...input, files }, { envs: [target.env] });
  diagnostics.push(...after.diagnostics.filter((d) => d.severity === "error"));
  const result = after.environments[0];
  if (!result) return [];
  const beforeByPath = new Map(target.changes.map((c) => [c.path, c.content]));
  const afterByPath = new Map(result.changes.map((c) => [c.path, c.content]));
  return [...new Set([...beforeByPath.keys(), ...afterByPath.keys()])]
    .sort()
    .filter((p) => beforeByPath.get(p) !== afterByPath.get(p))
    .map((p) => ({ path: p, before: beforeByPath.get(p), after: afterByPath.get(p) }));
}

function plainAt(tree: unknown, path: readonly string[]): unknown {
  let node = tree;
  for (const seg of path) {
    if (typeof node !== "object" || node === null || Array.isArray(node)) return undefined;
    node = (node as Record<string, unknown>)[seg];
  }
  return node;
}

function textOf(text: string | undefined): { text?: string } {
  return text === undefined ? {} : { text };
}
