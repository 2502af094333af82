import { EnvironmentError } from "@infraflux/diagnostics";
import { AncestryGraph } from "./ancestry.ts";
import type { ExportCommit } from "./fast-export.ts";
import type { TargetChange } from "./map-changes.ts";

/** A parent as fast-import takes it: `:mark` for a commit of this run, a SHA for an existing one. */
export type ParentRef = string;

/** What became of one source commit in one target. */
export type CommitOutcome =
  | { readonly kind: "kept"; readonly parents: readonly ParentRef[]; readonly changes: readonly TargetChange[] }
  | { readonly kind: "pruned"; readonly rewriteTo: ParentRef | null };

/** Parents after empty-commit pruning, the way git-filter-repo trims them. */
export interface TrimmedParents {
  readonly parents: readonly ParentRef[];
  /** Set when trimming would turn a merge into a non-merge: the surviving parent. */
  readonly newFirstParent: ParentRef | undefined;
  /** Whether the first written parent differs from the mapped original first parent. */
  readonly firstParentChanged: boolean;
}

/**
 * Per-target bookkeeping for one pass: which target commit each source commit became
 * (itself, or the nearest kept ancestor when pruned), and the target's ancestry graph.
 * Holds ids only, never content.
 */
export class TargetHistory {
  readonly name: string;
  /** Source parent ref (`:mark` or SHA) → target parent ref, or null when nothing is left. */
  readonly #effective = new Map<string, ParentRef | null>();
  readonly #graph = new AncestryGraph();
  readonly #externalIds = new Map<string, number>();
  /** Target ref (`:mark` or SHA) → source commit SHA it was made from. */
  readonly #sourceOf = new Map<ParentRef, string>();
  /** Source marks that were pruned (filter-repo's _SKIPPED_COMMITS). */
  readonly #skipped = new Set<string>();
  kept = 0;
  pruned = 0;

  constructor(name: string, previous?: ReadonlyMap<string, { target: string | null; kept: boolean }>) {
    this.name = name;
    for (const [sourceOid, entry] of previous ?? []) {
      this.#effective.set(sourceOid, entry.target);
      if (entry.target && entry.kept) this.#sourceOf.set(entry.target, sourceOid);
      if (!entry.kept) this.#skipped.add(sourceOid);
    }
  }

  resolve(sourceParent: string): ParentRef | null {
    const hit = this.#effective.get(sourceParent);
    if (hit !== undefined) return hit;
    if (sourceParent.startsWith(":")) return null;
    // A source commit outside this run that the earlier split never saw: linking it would pull source
    // history into the target (its objects are borrowed during the import), so refuse.
    throw new EnvironmentError(
      "incremental-state-mismatch",
      `commit ${sourceParent} is a parent of new commits but the earlier split in this output never processed it (was a branch deleted or rewritten in the source?); run again with --force for a fresh split`,
    );
  }

  /** The target commit made from this source commit, when it was kept (not pruned). */
  keptTarget(sourceOid: string): ParentRef | undefined {
    if (this.#skipped.has(sourceOid)) return undefined;
    return this.#effective.get(sourceOid) ?? undefined;
  }

  isSkipped(sourceParent: string): boolean {
    return this.#skipped.has(sourceParent);
  }

  sourceOidOf(ref: ParentRef): string | undefined {
    return this.#sourceOf.get(ref);
  }

  #id(ref: ParentRef): number {
    if (ref.startsWith(":")) return Number(ref.slice(1));
    let id = this.#externalIds.get(ref);
    if (id === undefined) {
      id = -1 - this.#externalIds.size;
      this.#externalIds.set(ref, id);
    }
    return id;
  }

  /** Filter-repo's `_trim_extra_parents` with `--prune-degenerate auto`. */
  trimParents(commit: ExportCommit, originalGraph: AncestryGraph, originalId: (ref: string) => number): TrimmedParents {
    const mapped = commit.parents.map((p) => ({ orig: p, now: this.resolve(p), rewritten: this.#skipped.has(p) }));
    let live = mapped.filter((m): m is { orig: string; now: ParentRef; rewritten: boolean } => m.now !== null);
    const firstParentChanged = live.length > 0 && live[0]!.now !== mapped[0]?.now;
    if (live.length < 2) return { parents: live.map((m) => m.now), newFirstParent: undefined, firstParentChanged };
    const all = live.map((m) => m.now);
    const seen = new Set<ParentRef>();
    live = live.filter((m) => {
      const first = !seen.has(m.now);
      seen.add(m.now);
      return first || !m.rewritten;
    });
    if (live.length < 2) return { parents: dedupe(all), newFirstParent: live[0]!.now, firstParentChanged };
    const remove = new Set<number>();
    for (let cur = 0; cur < live.length; cur++) {
      if (!live[cur]!.rewritten) continue;
      for (let other = 0; other < live.length; other++) {
        if (cur === other || remove.has(other)) continue;
        if (!this.#graph.isAncestor(this.#id(live[cur]!.now), this.#id(live[other]!.now))) continue;
        if (originalGraph.isAncestor(originalId(live[cur]!.orig), originalId(live[other]!.orig))) continue;
        remove.add(cur);
        break;
      }
    }
    const remaining = live.filter((_, i) => !remove.has(i));
    if (remaining.length < 2) return { parents: dedupe(all), newFirstParent: remaining[0]!.now, firstParentChanged };
    return { parents: dedupe(remaining.map((m) => m.now)), newFirstParent: undefined, firstParentChanged };
  }

  /** Records the decision for a source commit; returns the target ref it now stands for. */
  record(commit: ExportCommit, outcome: CommitOutcome): ParentRef | null {
    const self = `:${commit.mark}`;
    if (outcome.kind === "kept") {
      this.#effective.set(self, self);
      this.#effective.set(commit.originalOid, self);
      this.#sourceOf.set(self, commit.originalOid);
      this.#graph.add(
        commit.mark,
        outcome.parents.map((p) => this.#id(p)),
      );
      this.kept++;
      return self;
    }
    this.#effective.set(self, outcome.rewriteTo);
    this.#effective.set(commit.originalOid, outcome.rewriteTo);
    this.#skipped.add(self);
    this.#skipped.add(commit.originalOid);
    this.pruned++;
    return outcome.rewriteTo;
  }
}

function dedupe<T>(list: readonly T[]): T[] {
  return [...new Set(list)];
}
