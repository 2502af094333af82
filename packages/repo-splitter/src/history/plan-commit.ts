/**
 * The per-commit decisions of the history pass, without IO of their own: whether a commit is kept or
 * pruned in a target (git-filter-repo's rules), which source path claims each target path (collisions,
 * case conflicts), and the per-rule statistics. What they need to read from the source arrives as functions.
 */
import type { AncestryGraph } from "./ancestry.ts";
import type { ExportCommit } from "./fast-export.ts";
import type { MappedChanges, TargetChange } from "./map-changes.ts";
import type { PassResult } from "./pass-result.ts";
import type { CommitOutcome, ParentRef, TargetHistory } from "./target-history.ts";

/** The commit's changes in one target against another target commit (undefined: its source is unknown). */
export type ChangesAgainst = (ref: ParentRef) => Promise<readonly TargetChange[] | undefined>;

/**
 * Keeps or prunes one commit in one target, following git-filter-repo's rules: commits
 * that become empty are pruned, originally empty ones kept, merges kept unless their
 * parents collapse, and a merge that collapses is kept only if its tree differs.
 */
export async function decideCommit(
  commit: ExportCommit,
  history: TargetHistory,
  mappedChanges: readonly TargetChange[],
  originalGraph: AncestryGraph,
  originalId: (ref: string) => number,
  changesAgainst: ChangesAgainst,
): Promise<CommitOutcome> {
  const trimmed = history.trimParents(commit, originalGraph, originalId);
  const parents = trimmed.parents;
  let changes = mappedChanges;
  if (trimmed.firstParentChanged && parents[0] !== undefined) {
    changes = (await changesAgainst(parents[0])) ?? mappedChanges;
  }
  const hadFileChanges = commit.changes.length > 0;
  const prune = (): CommitOutcome => ({ kind: "pruned", rewriteTo: trimmed.newFirstParent ?? parents[0] ?? null });

  if (parents.length >= 2 && !trimmed.newFirstParent) return { kind: "kept", parents, changes };
  if (parents.length < 2) {
    if (!hadFileChanges) {
      const original = commit.parents;
      const parentsPruned =
        parents.length < original.length || (original.length === 1 && history.isSkipped(original[0]!));
      return changes.length === 0 && parentsPruned ? prune() : { kind: "kept", parents, changes };
    }
    if (changes.length === 0) return prune();
  }
  if (parents.length === 0) return { kind: "kept", parents, changes };
  if (trimmed.newFirstParent) {
    const againstSurvivor = await changesAgainst(trimmed.newFirstParent);
    if (againstSurvivor !== undefined && againstSurvivor.length === 0) return prune();
  }
  return { kind: "kept", parents, changes };
}

/**
 * Records which source path each target path comes from. A second source path claiming a
 * target path while the first still exists in the commit is a collision; target paths that
 * differ only by case are reported too. Existence is checked only in those rare cases.
 */
export async function checkClaims(
  mapped: MappedChanges,
  oid: string,
  claims: Map<string, string>,
  caseSeen: Map<string, string>,
  result: PassResult,
  readBlob: (spec: string) => Promise<{ oid: string } | undefined>,
): Promise<void> {
  const inCommit = new Map<string, string>();
  for (const [target, changes] of mapped.byTarget) {
    for (const change of changes) {
      if (change.op !== "M" && change.op !== "M-inline") continue;
      const key = `${target}:${change.path}`;
      // The common case: the same source path updates the target path it always did.
      if (claims.get(key) === change.sourcePath && !inCommit.has(key)) {
        inCommit.set(key, change.sourcePath);
        continue;
      }
      const sameCommit = inCommit.get(key);
      const previous = sameCommit ?? claims.get(key);
      if (previous !== undefined && previous !== change.sourcePath && result.collisions.length < 100) {
        const stillThere = sameCommit !== undefined || (await readBlob(`${oid}:${previous}`)) !== undefined;
        if (stillThere && !result.collisions.some((c) => c.target === target && c.path === change.path)) {
          result.collisions.push({ target, path: change.path, sources: [previous, change.sourcePath], commit: oid });
        }
      }
      inCommit.set(key, change.sourcePath);
      claims.set(key, change.sourcePath);
      const lower = `${target}:${change.path.toLowerCase()}`;
      const seen = caseSeen.get(lower);
      if (
        seen !== undefined &&
        seen !== change.path &&
        result.caseConflicts.length < 100 &&
        !result.caseConflicts.some((c) => c.target === target && c.paths[1] === change.path)
      ) {
        result.caseConflicts.push({ target, paths: [seen, change.path], commit: oid });
      }
      caseSeen.set(lower, change.path);
    }
  }
}

/** Per-rule paths and commit counts, dropped paths with their first commit, and the first few path problems. */
export function collectStats(result: PassResult, mapped: MappedChanges, oid: string): void {
  for (const [index, paths] of mapped.ruleHits) {
    const stats = result.ruleStats.get(index) ?? { paths: new Set<string>(), commits: 0 };
    for (const p of paths) stats.paths.add(p);
    stats.commits++;
    result.ruleStats.set(index, stats);
  }
  for (const p of mapped.dropped) if (!result.dropped.has(p)) result.dropped.set(p, oid);
  for (const problem of mapped.problems) {
    if (result.problems.length < 200 && !result.problems.some((p) => p.problem.path === problem.path))
      result.problems.push({ problem, commit: oid });
  }
}
