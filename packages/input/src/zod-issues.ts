import { closestMatch, type Diagnostic, type SourceSpan } from "@infraflux/diagnostics";
import type { z } from "zod";
import { schemaKeysAt } from "./schema-keys.ts";
import { yamlPathSpan, type YamlPositions } from "./yaml-path-span.ts";

/** Where a path is in the file: the key itself when `key` is set (unknown keys), else the value. */
export type SpanLocator = (
  path: readonly (string | number)[],
  options: { readonly key: boolean },
) => SourceSpan | undefined;

/** A key the schema does not define, with what it does define at that place. */
export interface UnknownKey {
  readonly key: string;
  /** Path of the object holding the key. */
  readonly path: readonly (string | number)[];
  /** The keys the schema defines there, in declaration order. */
  readonly known: readonly string[];
  readonly suggestion: string | undefined;
}

export interface ZodIssueText {
  readonly message: string;
  readonly hint?: string | undefined;
}

export interface ZodIssueDiagnosticsOptions {
  /** The schema that produced the issues; "did you mean" and the allowed keys come from it. */
  readonly schema: z.core.$ZodType;
  readonly file: string;
  readonly codes: { readonly unknownKey: string; readonly invalid: string };
  /** Locates a path: a callback, or a parsed YAML document. Without either, diagnostics carry no span. */
  readonly spanOf?: SpanLocator;
  readonly yaml?: YamlPositions;
  /** Picks the suggestion for an unknown key. Default: `closestMatch`. */
  readonly suggest?: (key: string, known: readonly string[]) => string | undefined;
  /** Wording of an unknown key. Default: `"k" is not a field of <path>. Did you mean "x"?`, hint: allowed fields. */
  readonly formatUnknownKey?: (unknown: UnknownKey) => ZodIssueText;
  /** Wording of every other issue. Default: `<path>: <zod message>`. */
  readonly formatIssue?: (issue: z.core.$ZodIssue, path: readonly (string | number)[]) => ZodIssueText;
}

/**
 * Turns zod issues into diagnostics with spans: one per unknown key (with "did you mean" from the schema's own
 * keys) and one per other issue. A misspelt required key also shows up as missing; only the misspelling is reported.
 */
export function zodIssuesToDiagnostics(
  issues: readonly z.core.$ZodIssue[],
  options: ZodIssueDiagnosticsOptions,
): Diagnostic[] {
  const spanOf = locatorOf(options);
  const suggest = options.suggest ?? closestMatch;
  const entries = issues.map((issue) => {
    const path = issue.path.filter((p): p is string | number => typeof p !== "symbol");
    if (issue.code !== "unrecognized_keys") return { issue, path, unknownKeys: [] };
    const known = schemaKeysAt(options.schema, path);
    const unknownKeys = issue.keys.map((key) => ({ key, path, known, suggestion: suggest(key, known) }));
    return { issue, path, unknownKeys };
  });
  const misspelt = new Set(
    entries.flatMap((e) => e.unknownKeys.flatMap((u) => (u.suggestion ? [[...u.path, u.suggestion].join(".")] : []))),
  );
  const diagnostics: Diagnostic[] = [];
  for (const { issue, path, unknownKeys } of entries) {
    for (const u of unknownKeys) {
      const at = [...u.path, u.key];
      const text = (options.formatUnknownKey ?? formatUnknownKey)(u);
      diagnostics.push(diagnostic(options.codes.unknownKey, options.file, at, spanOf(at, { key: true }), text));
    }
    if (issue.code === "unrecognized_keys" || misspelt.has(path.join("."))) continue;
    const text = (options.formatIssue ?? formatIssue)(issue, path);
    diagnostics.push(diagnostic(options.codes.invalid, options.file, path, spanOf(path, { key: false }), text));
  }
  return diagnostics;
}

function locatorOf(options: ZodIssueDiagnosticsOptions): SpanLocator {
  if (options.spanOf) return options.spanOf;
  const yaml = options.yaml;
  if (yaml) return (path, { key }) => yamlPathSpan(yaml, path, { key });
  return () => undefined;
}

function diagnostic(
  code: string,
  file: string,
  path: readonly (string | number)[],
  span: SourceSpan | undefined,
  text: ZodIssueText,
): Diagnostic {
  return {
    code,
    severity: "error",
    message: text.message,
    file,
    ...(span ? { span } : {}),
    path: path.join("."),
    ...(text.hint ? { hint: text.hint } : {}),
  };
}

function formatUnknownKey(u: UnknownKey): ZodIssueText {
  const where = u.path.length === 0 ? "the top level" : u.path.join(".");
  return {
    message: `"${u.key}" is not a field of ${where}.${u.suggestion ? ` Did you mean "${u.suggestion}"?` : ""}`,
    hint: u.known.length > 0 ? `allowed fields: ${u.known.join(", ")}` : undefined,
  };
}

function formatIssue(issue: z.core.$ZodIssue, path: readonly (string | number)[]): ZodIssueText {
  return { message: `${path.length === 0 ? "(top level)" : path.join(".")}: ${issue.message}` };
}
