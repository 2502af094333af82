import type { Diagnostic, Severity, SourceSpan } from "@infraflux/diagnostics";
import type { Repository, YamlDoc } from "./model.ts";
import type { BoundaryConfig } from "./config.ts";
import type { AppliedModel } from "./_entry-points.ts";
import type { CrdSchemas } from "./_crd-schemas.ts";

/** Everything a rule may look at: the loaded repositories and the run's options. Rules are pure. */
export interface RuleContext {
  readonly repos: readonly Repository[];
  readonly boundaries: BoundaryConfig;
  /** Results of `kubectl kustomize` per kustomization directory; empty unless `--build` was given. */
  readonly builds: readonly KustomizeBuild[];
  /** What the entry points apply, per cluster; undefined when the rule runs without it (references resolve globally). */
  readonly applied?: AppliedModel;
  /** Schemas of the custom resources whose CRDs are in the validated trees. */
  readonly crds?: CrdSchemas;
}

export interface KustomizeBuild {
  readonly repo: string;
  /** Display path of the kustomization file. */
  readonly file: string;
  readonly ok: boolean;
  /** kustomize's error output, first line(s), paths made relative. */
  readonly error?: string;
}

/** One check with a stable kebab-case id; the same id names its file, its test and its README section. */
export interface Rule {
  readonly id: string;
  readonly severity: Severity;
  /** What the rule checks, one sentence. */
  readonly description: string;
  /** How to fix a finding, one sentence. */
  readonly fix: string;
  check(ctx: RuleContext): readonly Diagnostic[];
  /**
   * Mermaid flowcharts (without fence) that explain the findings of `check`: one entry per finding, in the same
   * order, `undefined` where a finding has none. The report keys them by finding (`ValidationReport.diagrams`).
   */
  diagrams?(ctx: RuleContext): readonly (string | undefined)[];
}

export interface FindingInput {
  readonly file: string;
  readonly span?: SourceSpan;
  readonly message: string;
  readonly path?: string;
  readonly hint?: string;
  readonly related?: Diagnostic["related"];
}

/** Builds a diagnostic carrying the rule's id and default severity. */
export function finding(rule: Pick<Rule, "id" | "severity">, input: FindingInput): Diagnostic {
  return {
    code: rule.id,
    severity: rule.severity,
    message: input.message,
    file: input.file,
    ...(input.span ? { span: input.span } : {}),
    ...(input.path !== undefined ? { path: input.path } : {}),
    ...(input.hint ? { hint: input.hint } : {}),
    ...(input.related && input.related.length > 0 ? { related: input.related } : {}),
  };
}

/** A finding located at a dot path inside a YAML document (key position when `key` is set). */
export function findingAt(
  rule: Pick<Rule, "id" | "severity">,
  doc: YamlDoc,
  path: readonly (string | number)[],
  message: string,
  extra: { key?: boolean; hint?: string; related?: Diagnostic["related"] } = {},
): Diagnostic {
  return finding(rule, {
    file: doc.file,
    span: doc.spanOf(path, extra.key ?? false),
    message,
    path: path.join("."),
    ...(extra.hint ? { hint: extra.hint } : {}),
    ...(extra.related ? { related: extra.related } : {}),
  });
}
