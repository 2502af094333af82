import type { Destination, Matrix, MatrixRule, SplitCase } from "./matrix-types.ts";
import {
  comparePatternSpecificity,
  matchPathPattern,
  renderDestination,
  unsafePathReason,
  type PatternMatch,
} from "./path-pattern.ts";

/** A concrete place in a target repository. */
export interface TargetPath {
  readonly target: string;
  readonly path: string;
}

export interface ResolvedSplitCase {
  readonly when?: SplitCase["when"];
  readonly destination: TargetPath;
}

/** What the matrix does with one source path. */
export type PathMapping =
  | { readonly kind: "move"; readonly rule: MatrixRule | undefined; readonly destinations: readonly TargetPath[] }
  | { readonly kind: "split"; readonly rule: MatrixRule; readonly cases: readonly ResolvedSplitCase[] }
  | { readonly kind: "drop"; readonly rule: MatrixRule | undefined }
  | { readonly kind: "unmapped" }
  | { readonly kind: "tie"; readonly rules: readonly MatrixRule[] }
  /** A source path git itself would refuse (`.git`, `..`): never placed anywhere. */
  | { readonly kind: "unsafe"; readonly reason: string };

/** Maps one source path through the matrix: the most specific matching rule decides. Pure. */
export function mapPath(matrix: Matrix, path: string): PathMapping {
  const matches: { rule: MatrixRule; match: PatternMatch }[] = [];
  for (const rule of matrix.rules) {
    const match = matchPathPattern(rule.from, path);
    if (match) matches.push({ rule, match });
  }
  if (matches.length === 0) {
    switch (matrix.unmapped.kind) {
      case "error":
        return { kind: "unmapped" };
      case "drop":
        return { kind: "drop", rule: undefined };
      case "target":
        return { kind: "move", rule: undefined, destinations: [{ target: matrix.unmapped.target, path }] };
    }
  }
  matches.sort((a, b) => comparePatternSpecificity(a.rule.from, b.rule.from) || a.rule.index - b.rule.index);
  const [best, second] = matches;
  if (second && comparePatternSpecificity(best!.rule.from, second.rule.from) === 0) {
    return {
      kind: "tie",
      rules: matches.filter((m) => comparePatternSpecificity(best!.rule.from, m.rule.from) === 0).map((m) => m.rule),
    };
  }
  const { rule, match } = best!;
  const resolve = (d: Destination): TargetPath => ({ target: d.target, path: renderDestination(d.path, match) });
  switch (rule.effect.kind) {
    case "drop":
      return { kind: "drop", rule };
    case "move":
      return { kind: "move", rule, destinations: rule.effect.destinations.map(resolve) };
    case "split":
      return {
        kind: "split",
        rule,
        cases: rule.effect.cases.map((c) => ({
          ...(c.when ? { when: c.when } : {}),
          destination: resolve(c.destination),
        })),
      };
  }
}

/** Memoises `mapPath`: history visits the same paths thousands of times. */
export class PathMapper {
  readonly matrix: Matrix;
  readonly #cache = new Map<string, PathMapping>();
  constructor(matrix: Matrix) {
    this.matrix = matrix;
  }
  map(path: string): PathMapping {
    let mapping = this.#cache.get(path);
    if (!mapping) {
      const unsafe = unsafePathReason(path);
      mapping = unsafe ? { kind: "unsafe", reason: unsafe } : mapPath(this.matrix, path);
      this.#cache.set(path, mapping);
    }
    return mapping;
  }
}

/** The targets a mapping can write to (for a split: every case's target). */
export function targetsOf(mapping: PathMapping): string[] {
  if (mapping.kind === "move") return [...new Set(mapping.destinations.map((d) => d.target))];
  if (mapping.kind === "split") return [...new Set(mapping.cases.map((c) => c.destination.target))];
  return [];
}
