// What the history pass produces, shared by the pass, its per-commit decisions, the split and the report
// (types only; nothing here imports them back).
import type { PathProblem } from "./map-changes.ts";
import type { ParentRef } from "./target-history.ts";

/** What one pass over the source history produced, per target and per rule. */
export interface PassResult {
  /** Source commits in export order: original SHA and mark. */
  readonly commits: { readonly oid: string; readonly mark: number }[];
  /** Per target: source mark → kept or pruned (pruned ones stand for `rewriteTo`). */
  readonly outcomes: Map<string, Map<number, { kept: boolean; rewriteTo: ParentRef | null }>>;
  /** Per target: ref name → target ref (`:mark` or SHA) it ends on. */
  readonly refs: Map<string, Map<string, ParentRef>>;
  readonly tags: { readonly name: string; readonly targets: string[] }[];
  readonly ruleStats: Map<number, { paths: Set<string>; commits: number }>;
  readonly dropped: Map<string, string>;
  readonly problems: { readonly problem: PathProblem; readonly commit: string }[];
  /** Two source paths present together that land on one target path. */
  readonly collisions: Collision[];
  /** Target paths that differ only by letter case (a problem on case-insensitive file systems). */
  readonly caseConflicts: {
    readonly target: string;
    readonly paths: readonly [string, string];
    readonly commit: string;
  }[];
  /** Per target: names of source commits in messages rewritten to target SHAs, and left alone (commit not in the target). */
  readonly commitNames: Map<string, { rewritten: number; leftAlone: number }>;
}

export interface Collision {
  readonly target: string;
  readonly path: string;
  readonly sources: readonly [string, string];
  readonly commit: string;
}
