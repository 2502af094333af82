import { AncestryGraph } from "./ancestry.ts";
import { readFastExport, type ExportCommit, type ExportFileChange } from "./fast-export.ts";
import { CommitNameIndex, hasCommitNames, rewriteCommitNames } from "./commit-references.ts";
import { decodePath } from "../path-bytes.ts";
import { stripTagSignature } from "./signatures.ts";
import { FastImportSink } from "./fast-import.ts";
import { CatFile, runGit, spawnGit, tryGitText, waitForExit } from "../git.ts";
import { mapCommitChanges, type MappedChanges, type PathProblem, type TargetChange } from "./map-changes.ts";
import type { PathMapper } from "../matrix/plan.ts";
import { TargetHistory, type CommitOutcome, type ParentRef } from "./target-history.ts";

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

export interface PassOptions {
  readonly source: string;
  readonly mapper: PathMapper;
  /** Target name → repository directory that fast-import writes into; absent in a dry run. */
  readonly sinks?: ReadonlyMap<string, { repo: string; marksFile: string }>;
  /** Rev-list arguments naming what to export (default: all branches and tags). */
  readonly revisions: readonly string[];
  /** Results of the previous run, for incremental updates: per target, source SHA → target SHA. */
  readonly previous?: ReadonlyMap<string, ReadonlyMap<string, { target: string | null; kept: boolean }>>;
  readonly onProgress?: (commits: number) => void;
}

/** Remote-tracking branches of `origin` become branches in the targets (a fresh clone has them only as such). */
export function targetRefName(ref: string): string {
  return ref.startsWith("refs/remotes/origin/") ? `refs/heads/${ref.slice("refs/remotes/origin/".length)}` : ref;
}

/**
 * One streaming pass: `git fast-export --no-data` of the source, each commit mapped into every
 * target, written to one `git fast-import` per target. Blobs never pass through this process
 * except for files under a `split` rule.
 */
export async function runHistoryPass(options: PassOptions): Promise<PassResult> {
  const { source, mapper } = options;
  const targetNames = [...mapper.matrix.targets.keys()];
  const histories = new Map(targetNames.map((t) => [t, new TargetHistory(t, options.previous?.get(t))]));
  const sinks = new Map([...(options.sinks ?? [])].map(([t, s]) => [t, new FastImportSink(s.repo, s.marksFile)]));
  const catFile = new CatFile(source);
  const readBlob = async (spec: string) => {
    const r = await catFile.read(spec);
    return r && r.type === "blob" ? { oid: r.oid, content: r.content } : undefined;
  };
  const exporter = spawnGit(source, [
    "-c",
    "core.quotepath=false",
    "fast-export",
    "--no-data",
    "--show-original-ids",
    "--reference-excluded-parents",
    "--signed-tags=strip",
    "--tag-of-filtered-object=rewrite",
    "--fake-missing-tagger",
    "--use-done-feature",
    "--reencode=no",
    ...options.revisions,
  ]);
  const exporterExit = waitForExit(exporter, "git fast-export");

  const originalGraph = new AncestryGraph();
  const externalIds = new Map<string, number>();
  const originalId = (ref: string) => {
    if (ref.startsWith(":")) return Number(ref.slice(1));
    let id = externalIds.get(ref);
    if (id === undefined) externalIds.set(ref, (id = -1 - externalIds.size));
    return id;
  };
  const markToOid = new Map<string, string>();
  const result: PassResult = {
    commits: [],
    outcomes: new Map(targetNames.map((t) => [t, new Map()])),
    refs: new Map(targetNames.map((t) => [t, new Map()])),
    tags: [],
    ruleStats: new Map(),
    dropped: new Map(),
    problems: [],
    collisions: [],
    caseConflicts: [],
    commitNames: new Map(targetNames.map((t) => [t, { rewritten: 0, leftAlone: 0 }])),
  };
  const names = new CommitNameIndex();
  for (const previous of options.previous?.values() ?? []) for (const oid of previous.keys()) names.add(oid);
  const claims = new Map<string, string>();
  const caseSeen = new Map<string, string>();
  const sourceRefTips = new Map<string, string>();
  const sourceOidOfRef = (ref: string) => (ref.startsWith(":") ? markToOid.get(ref) : ref);
  const diffTree = (from: string, to: string) => readTreeDiff(source, from, to);
  const readMode = (commit: string, path: string) =>
    tryGitText(source, ["ls-tree", commit, "--", path])?.split(" ")[0] || undefined;

  try {
    for await (const exported of readFastExport(exporter.stdout)) {
      const cmd = exported.type === "tag" ? exported : { ...exported, ref: targetRefName(exported.ref) };
      if (cmd.type === "commit") {
        const self = `:${cmd.mark}`;
        markToOid.set(self, cmd.originalOid);
        result.commits.push({ oid: cmd.originalOid, mark: cmd.mark });
        originalGraph.add(cmd.mark, cmd.parents.map(originalId));
        const firstParentOid = cmd.parents[0] ? sourceOidOfRef(cmd.parents[0]) : undefined;
        const mapped = await mapCommitChanges(mapper, cmd.changes, firstParentOid, readBlob, readMode);
        collectStats(result, mapped, cmd.originalOid);
        await checkClaims(mapped, cmd.originalOid, claims, caseSeen, result, readBlob);
        for (const [target, history] of histories) {
          const outcome = await decideCommit(
            cmd,
            history,
            mapped.byTarget.get(target) ?? [],
            originalGraph,
            originalId,
            async (fromRef) => {
              const fromOid = history.sourceOidOf(fromRef);
              if (!fromOid) return undefined;
              const changes = await diffTree(fromOid, cmd.originalOid);
              const remapped = await mapCommitChanges(mapper, changes, fromOid, readBlob, readMode);
              return remapped.byTarget.get(target) ?? [];
            },
          );
          history.record(cmd, outcome);
          result.outcomes
            .get(target)!
            .set(
              cmd.mark,
              outcome.kind === "kept" ? { kept: true, rewriteTo: self } : { kept: false, rewriteTo: outcome.rewriteTo },
            );
          const sink = sinks.get(target);
          if (outcome.kind !== "kept") continue;
          let message = cmd.message;
          if (hasCommitNames(message)) {
            const rewrite = await rewriteCommitNames(message, names, async (oid) => {
              const ref = history.keptTarget(oid);
              if (!ref) return undefined;
              if (!ref.startsWith(":")) return ref;
              return sink ? sink.getMark(Number(ref.slice(1))) : "0".repeat(40);
            });
            message = rewrite.message;
            const counts = result.commitNames.get(target)!;
            counts.rewritten += rewrite.rewritten;
            counts.leftAlone += rewrite.leftAlone;
          }
          sink?.writeCommit(cmd, outcome.parents, outcome.changes, message);
        }
        names.add(cmd.originalOid);
        sourceRefTips.set(cmd.ref, self);
        for (const sink of sinks.values()) await sink.flush();
        options.onProgress?.(result.commits.length);
      } else if (cmd.type === "tag") {
        // fast-export writes a tag's commits on refs/tags/<name>; the tag object, not a lightweight ref, ends there.
        sourceRefTips.delete(`refs/tags/${cmd.name}`);
        const placed: string[] = [];
        for (const [target, history] of histories) {
          const from = history.resolve(cmd.from);
          if (from === null) continue;
          placed.push(target);
          sinks.get(target)?.writeTag({ ...cmd, message: stripTagSignature(cmd.message) }, from);
        }
        result.tags.push({ name: cmd.name, targets: placed });
      } else if (cmd.from !== undefined) {
        sourceRefTips.set(cmd.ref, cmd.from);
      } else {
        sourceRefTips.delete(cmd.ref);
      }
    }
    await exporterExit;
    // Every ref ends where its last source commit now stands in each target (pruned → nearest kept ancestor).
    for (const [target, history] of histories) {
      for (const [ref, tip] of sourceRefTips) {
        const resolved = history.resolve(tip);
        if (resolved === null) continue;
        result.refs.get(target)!.set(ref, resolved);
        sinks.get(target)?.writeReset(ref, resolved);
      }
    }
    await Promise.all([...sinks.values()].map((s) => s.finish()));
  } catch (error) {
    exporterExit.catch(() => undefined);
    exporter.kill();
    for (const s of sinks.values()) s.abort();
    throw error;
  } finally {
    await catFile.close().catch(() => undefined);
  }
  return result;
}

/**
 * Keeps or prunes one commit in one target, following git-filter-repo's rules: commits
 * that become empty are pruned, originally empty ones kept, merges kept unless their
 * parents collapse, and a merge that collapses is kept only if its tree differs.
 */
async function decideCommit(
  commit: ExportCommit,
  history: TargetHistory,
  mappedChanges: readonly TargetChange[],
  originalGraph: AncestryGraph,
  originalId: (ref: string) => number,
  changesAgainst: (ref: ParentRef) => Promise<TargetChange[] | undefined>,
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
async function checkClaims(
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

function collectStats(result: PassResult, mapped: MappedChanges, oid: string): void {
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

/** File changes between two source commits, as fast-export would list them. */
function readTreeDiff(repo: string, from: string, to: string): ExportFileChange[] {
  const out = runGit(repo, ["diff-tree", "-r", "-z", "--no-renames", "--no-commit-id", from, to]);
  const fields: Buffer[] = [];
  for (let start = 0; start < out.length; ) {
    const nul = out.indexOf(0, start);
    if (nul < 0) break;
    fields.push(out.subarray(start, nul));
    start = nul + 1;
  }
  const changes: ExportFileChange[] = [];
  for (let i = 0; i + 1 < fields.length; i += 2) {
    const meta = fields[i]!.toString("latin1").slice(1).split(" ");
    const path = decodePath(fields[i + 1]!);
    const [, newMode, , newOid, status] = meta;
    if (status === "D") changes.push({ op: "D", path });
    else changes.push({ op: "M", mode: newMode!, ref: newOid!, path });
  }
  return changes;
}
