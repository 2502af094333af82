import type { Diagnostic } from "@infraflux/diagnostics";
import { isDeepStrictEqual } from "node:util";
import { type EditValue, setYamlText } from "./yaml-text-edit.ts";

/**
 * The part of a promotion shared by environment configs and application values files: which promotable values
 * differ, and the minimal edit of the target file that copies them. Pure.
 */

/** One value of the source environment at a promotable path. */
export interface PromotionCandidate {
  readonly path: readonly string[];
  /** Plain value (secrets as `{ $secret: ref }`), for comparison and for rendering collections. */
  readonly value: unknown;
  /** The value's source text (a scalar with its tag and quoting), copied verbatim when known. */
  readonly text?: string;
}

/** The target's current value at a candidate's path, and where it comes from. */
export interface TargetValue {
  readonly value: unknown;
  /** Set in the target file itself (`true`), or inherited from another layer (its file:line). */
  readonly source:
    | "file"
    | { readonly file: string; readonly line: number; readonly column: number; readonly layer: string };
}

export interface PromotedValue {
  readonly path: string;
  /** `undefined` when the target had no value at that path. */
  readonly before: unknown;
  readonly after: unknown;
  /** How the target file changed: the value replaced in place, or keys added under `under`. */
  readonly edit: "replaced" | "inserted";
  readonly under?: string;
  /** Where the target's old value came from when it was not the target file. */
  readonly inheritedFrom?: string;
}

export interface ValueEditResult {
  readonly text: string;
  readonly promoted: readonly PromotedValue[];
  readonly diagnostics: readonly Diagnostic[];
}

/** Candidates whose value differs from the target's. */
export function pendingCandidates(
  candidates: readonly PromotionCandidate[],
  targetAt: (path: readonly string[]) => TargetValue | undefined,
): PromotionCandidate[] {
  return candidates.filter((c) => !isDeepStrictEqual(c.value, targetAt(c.path)?.value));
}

/** Edits the target file so that it holds each candidate's value; every other byte stays. */
export function applyCandidates(
  text: string,
  file: string,
  candidates: readonly PromotionCandidate[],
  targetAt: (path: readonly string[]) => TargetValue | undefined,
): ValueEditResult {
  const promoted: PromotedValue[] = [];
  const diagnostics: Diagnostic[] = [];
  let current = text;
  for (const c of candidates) {
    const before = targetAt(c.path);
    const edit: EditValue = c.text !== undefined ? { kind: "text", text: c.text } : { kind: "value", value: c.value };
    const result = setYamlText(current, c.path, edit);
    if (!result.ok) {
      diagnostics.push({
        code: "promote-edit",
        severity: "error",
        file,
        path: c.path.join("."),
        message: `cannot write ${c.path.join(".")}: ${result.reason}`,
        hint: "set the value by hand, or change the file's layout",
      });
      continue;
    }
    current = result.text;
    const inherited = before && before.source !== "file" ? before.source : undefined;
    promoted.push({
      path: c.path.join("."),
      before: before?.value,
      after: c.value,
      edit: result.inserted ? "inserted" : "replaced",
      ...(result.inserted ? { under: result.under.join(".") } : {}),
      ...(inherited
        ? { inheritedFrom: `${inherited.file}:${inherited.line}:${inherited.column} [${inherited.layer}]` }
        : {}),
    });
  }
  return { text: current, promoted, diagnostics };
}

/** `*` matches one path segment, `**` any number (also none). Patterns and paths are dot paths. */
export function matchesPathPattern(pattern: string, path: readonly string[]): boolean {
  const parts = pattern.split(".");
  const match = (p: number, s: number): boolean => {
    if (p === parts.length) return s === path.length;
    const part = parts[p]!;
    if (part === "**") return match(p + 1, s) || (s < path.length && match(p, s + 1));
    if (s === path.length) return false;
    return (part === "*" || part === path[s]) && match(p + 1, s + 1);
  };
  return match(0, 0);
}

/**
 * Walks a plain tree and yields the nodes at promotable paths (the first match on the way down wins, so
 * `charts.*` promotes a whole chart entry). Lists are values, never walked into.
 */
export function promotablePaths(tree: unknown, patterns: readonly string[]): string[][] {
  const out: string[][] = [];
  const walk = (node: unknown, path: string[]) => {
    if (path.length > 0 && patterns.some((p) => matchesPathPattern(p, path))) {
      out.push(path);
      return;
    }
    if (isPlainMap(node)) for (const [k, v] of Object.entries(node)) walk(v, [...path, k]);
  };
  walk(tree, []);
  return out;
}

function isPlainMap(node: unknown): node is Record<string, unknown> {
  return typeof node === "object" && node !== null && !Array.isArray(node) && !("$secret" in node);
}
