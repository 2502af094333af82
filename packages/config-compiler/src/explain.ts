import type { SourceSpan } from "@infraflux/diagnostics";
import type { EnvironmentResult } from "./compile-types.ts";
import { yamlString } from "./emit-yaml.ts";
import { listStrategyFor } from "./merge.ts";
import { splitPath, type ConfigNode, type ListStrategy } from "./tree.ts";

export interface ExplainStep {
  readonly layer: string;
  readonly file: string;
  readonly span: SourceSpan;
  /** set (first value), override (a later value), merge (a map merged into), unset, replace (an ancestor replaced wholesale), append/prepend/merge-by. */
  readonly action: string;
  /** The value this layer wrote, as compact YAML; secrets print their reference only. */
  readonly value?: string;
}

export interface ExplainResult {
  readonly env: string;
  readonly key: string;
  readonly found: boolean;
  readonly value?: string;
  readonly steps: readonly ExplainStep[];
}

/** The final value of `key` and the chain of layers that set, merged into or removed it (like `puppet lookup --explain`). */
export function explainKey(
  result: EnvironmentResult,
  key: string,
  listStrategies?: ReadonlyMap<string, ListStrategy>,
): ExplainResult {
  const segments = splitPath(key);
  const steps: ExplainStep[] = [];
  for (const layer of result.layers) {
    let node: ConfigNode | undefined = layer.root;
    for (const [i, seg] of segments.entries()) {
      if (!node) break;
      if (node.kind === "map") node = node.entries.get(seg)?.value;
      else if (node.kind === "list" && /^\d+$/.test(seg)) node = node.items[Number(seg)];
      else node = undefined;
      if (node && i < segments.length - 1 && (node.kind === "unset" || node.tag === "replace")) {
        steps.push({
          layer: layer.layer,
          file: layer.file,
          span: node.origin.span,
          action:
            node.kind === "unset"
              ? `unset (ancestor ${segments.slice(0, i + 1).join(".")})`
              : `replace (ancestor ${segments.slice(0, i + 1).join(".")})`,
        });
      }
    }
    if (!node) continue;
    const earlier = steps.some((s) => !s.action.startsWith("unset"));
    const strategy =
      node.kind === "list" && earlier
        ? listStrategyFor(node, key, { listStrategies: listStrategies ?? new Map() })
        : undefined;
    const action =
      node.kind === "unset"
        ? "unset"
        : node.tag === "replace"
          ? "replace"
          : strategy && strategy.kind !== "replace"
            ? strategy.kind === "merge-by"
              ? `merge-by:${strategy.key}`
              : strategy.kind
            : !earlier
              ? "set"
              : node.kind === "map"
                ? "merge"
                : "override";
    steps.push({
      layer: layer.layer,
      file: layer.file,
      span: node.origin.span,
      action,
      ...(node.kind === "unset" ? {} : { value: compact(node) }),
    });
  }
  let final: ConfigNode | undefined = result.final;
  for (const seg of segments) {
    if (final?.kind === "map") final = final.entries.get(seg)?.value;
    else if (final?.kind === "list" && /^\d+$/.test(seg)) final = final.items[Number(seg)];
    else final = undefined;
  }
  return { env: result.env, key, found: final !== undefined, ...(final ? { value: compact(final) } : {}), steps };
}

/** One-line YAML flow form; strings plain only when unambiguous, else JSON-quoted (so newlines stay visible). */
function compact(node: ConfigNode): string {
  switch (node.kind) {
    case "secret":
      return `!secret ${yamlString(node.ref)}`;
    case "map":
      return `{${[...node.entries].map(([k, e]) => `${yamlString(k)}: ${compact(e.value)}`).join(", ")}}`;
    case "list":
      return `[${node.items.map(compact).join(", ")}]`;
    case "unset":
      return "!unset";
    case "scalar":
      return typeof node.value === "string" ? yamlString(node.value) : String(node.value);
  }
}

/** Human rendering of an explanation. */
export function formatExplain(r: ExplainResult): string {
  const lines = [`${r.key} (environment ${r.env}) = ${r.found ? r.value : "<not set>"}`];
  for (const [i, s] of r.steps.entries())
    lines.push(
      `  ${i + 1}. ${s.file}:${s.span.line}:${s.span.column} [${s.layer}] ${s.action}${s.value !== undefined ? ` ${s.value}` : ""}`,
    );
  if (r.steps.length === 0) lines.push("  no layer sets this key");
  return `${lines.join("\n")}\n`;
}
