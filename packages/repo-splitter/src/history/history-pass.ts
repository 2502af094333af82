/**
 * The one streaming pass over the source history: `git fast-export --no-data` of the source, each
 * commit mapped into every target, decided (kept or pruned, `plan-commit.ts`) and written to one
 * `git fast-import` per target. Blobs never pass through this process except for files under a
 * `split` rule. Only ids (marks, SHAs) are kept per commit.
 */
import type { ChildProcessWithoutNullStreams } from "node:child_process";
import { CatFile, runGit, spawnGit, tryGitText, waitForExit } from "../git.ts";
import type { PathMapper } from "../matrix/plan.ts";
import { decodePath } from "../path-bytes.ts";
import { AncestryGraph } from "./ancestry.ts";
import { CommitNameIndex, hasCommitNames, rewriteCommitNames } from "./commit-references.ts";
import {
  type ExportCommit,
  type ExportFileChange,
  type ExportReset,
  type ExportTag,
  readFastExport,
} from "./fast-export.ts";
import { FastImportSink } from "./fast-import.ts";
import { type BlobReader, mapCommitChanges } from "./map-changes.ts";
import type { PassResult } from "./pass-result.ts";
import { checkClaims, collectStats, decideCommit } from "./plan-commit.ts";
import { stripTagSignature } from "./signatures.ts";
import { type CommitOutcome, type ParentRef, TargetHistory } from "./target-history.ts";

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

/** One streaming pass over the source history into every target (see the file comment). */
export async function runHistoryPass(options: PassOptions): Promise<PassResult> {
  const pass = new HistoryPass(options);
  const exporter = spawnFastExport(options.source, options.revisions);
  const exporterExit = waitForExit(exporter, "git fast-export");
  try {
    for await (const exported of readFastExport(exporter.stdout)) {
      if (exported.type === "commit") await pass.addCommit({ ...exported, ref: targetRefName(exported.ref) });
      else if (exported.type === "tag") pass.addTag(exported);
      else pass.addReset({ ...exported, ref: targetRefName(exported.ref) });
    }
    await exporterExit;
    await pass.finish();
  } catch (error) {
    exporterExit.catch(() => undefined);
    exporter.kill();
    pass.abort();
    throw error;
  } finally {
    await pass.close();
  }
  return pass.result;
}

function spawnFastExport(source: string, revisions: readonly string[]): ChildProcessWithoutNullStreams {
  return spawnGit(source, [
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
    ...revisions,
  ]);
}

/** The state of one pass: the source ancestry, each target's history and sink, claims and ref tips. */
class HistoryPass {
  readonly result: PassResult;
  readonly #source: string;
  readonly #mapper: PathMapper;
  readonly #onProgress: ((commits: number) => void) | undefined;
  readonly #histories: Map<string, TargetHistory>;
  readonly #sinks: Map<string, FastImportSink>;
  readonly #catFile: CatFile;
  readonly #originalGraph = new AncestryGraph();
  /** Ids for parents outside this run (SHAs): negative, so they never collide with marks. */
  readonly #externalIds = new Map<string, number>();
  readonly #markToOid = new Map<string, string>();
  readonly #names = new CommitNameIndex();
  /** `target:path` → the source path that last wrote it. */
  readonly #claims = new Map<string, string>();
  /** `target:lowercased path` → the path as first seen. */
  readonly #caseSeen = new Map<string, string>();
  /** Source ref → the source commit (`:mark` or SHA) it ends on. */
  readonly #sourceRefTips = new Map<string, string>();

  constructor(options: PassOptions) {
    this.#source = options.source;
    this.#mapper = options.mapper;
    this.#onProgress = options.onProgress;
    const targetNames = [...options.mapper.matrix.targets.keys()];
    this.#histories = new Map(targetNames.map((t) => [t, new TargetHistory(t, options.previous?.get(t))]));
    this.#sinks = new Map([...(options.sinks ?? [])].map(([t, s]) => [t, new FastImportSink(s.repo, s.marksFile)]));
    this.#catFile = new CatFile(options.source);
    for (const previous of options.previous?.values() ?? []) for (const oid of previous.keys()) this.#names.add(oid);
    this.result = {
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
  }

  readonly #readBlob: BlobReader = async (spec) => {
    const r = await this.#catFile.read(spec);
    return r && r.type === "blob" ? { oid: r.oid, content: r.content } : undefined;
  };

  readonly #readMode = (commit: string, path: string): string | undefined =>
    tryGitText(this.#source, ["ls-tree", commit, "--", path])?.split(" ")[0] || undefined;

  readonly #originalId = (ref: string): number => {
    if (ref.startsWith(":")) return Number(ref.slice(1));
    let id = this.#externalIds.get(ref);
    if (id === undefined) this.#externalIds.set(ref, (id = -1 - this.#externalIds.size));
    return id;
  };

  /** Maps a commit into every target, decides it there and writes the kept ones. */
  async addCommit(commit: ExportCommit): Promise<void> {
    const self = `:${commit.mark}`;
    this.#markToOid.set(self, commit.originalOid);
    this.result.commits.push({ oid: commit.originalOid, mark: commit.mark });
    this.#originalGraph.add(commit.mark, commit.parents.map(this.#originalId));
    const firstParent = commit.parents[0];
    const firstParentOid = firstParent?.startsWith(":") ? this.#markToOid.get(firstParent) : firstParent;
    const mapped = await mapCommitChanges(this.#mapper, commit.changes, firstParentOid, this.#readBlob, this.#readMode);
    collectStats(this.result, mapped, commit.originalOid);
    await checkClaims(mapped, commit.originalOid, this.#claims, this.#caseSeen, this.result, this.#readBlob);
    for (const [target, history] of this.#histories) {
      const outcome = await decideCommit(
        commit,
        history,
        mapped.byTarget.get(target) ?? [],
        this.#originalGraph,
        this.#originalId,
        (fromRef) => this.#remapAgainst(commit, target, history, fromRef),
      );
      history.record(commit, outcome);
      this.result.outcomes
        .get(target)!
        .set(
          commit.mark,
          outcome.kind === "kept" ? { kept: true, rewriteTo: self } : { kept: false, rewriteTo: outcome.rewriteTo },
        );
      if (outcome.kind === "kept") await this.#writeKeptCommit(commit, target, history, outcome);
    }
    this.#names.add(commit.originalOid);
    this.#sourceRefTips.set(commit.ref, self);
    for (const sink of this.#sinks.values()) await sink.flush();
    this.#onProgress?.(this.result.commits.length);
  }

  /** The commit's changes in one target against another target commit: the source trees diffed, then mapped. */
  async #remapAgainst(commit: ExportCommit, target: string, history: TargetHistory, fromRef: ParentRef) {
    const fromOid = history.sourceOidOf(fromRef);
    if (!fromOid) return undefined;
    const changes = readTreeDiff(this.#source, fromOid, commit.originalOid);
    const remapped = await mapCommitChanges(this.#mapper, changes, fromOid, this.#readBlob, this.#readMode);
    return remapped.byTarget.get(target) ?? [];
  }

  /** Writes a kept commit to the target's fast-import, its message's commit names rewritten to target SHAs. */
  async #writeKeptCommit(
    commit: ExportCommit,
    target: string,
    history: TargetHistory,
    outcome: Extract<CommitOutcome, { kind: "kept" }>,
  ): Promise<void> {
    const sink = this.#sinks.get(target);
    let message = commit.message;
    if (hasCommitNames(message)) {
      const rewrite = await rewriteCommitNames(message, this.#names, async (oid) => {
        const ref = history.keptTarget(oid);
        if (!ref) return undefined;
        if (!ref.startsWith(":")) return ref;
        return sink ? sink.getMark(Number(ref.slice(1))) : "0".repeat(40);
      });
      message = rewrite.message;
      const counts = this.result.commitNames.get(target)!;
      counts.rewritten += rewrite.rewritten;
      counts.leftAlone += rewrite.leftAlone;
    }
    sink?.writeCommit(commit, outcome.parents, outcome.changes, message);
  }

  /** An annotated tag goes to every target that keeps something of what it points at. */
  addTag(tag: ExportTag): void {
    // fast-export writes a tag's commits on refs/tags/<name>; the tag object, not a lightweight ref, ends there.
    this.#sourceRefTips.delete(`refs/tags/${tag.name}`);
    const placed: string[] = [];
    for (const [target, history] of this.#histories) {
      const from = history.resolve(tag.from);
      if (from === null) continue;
      placed.push(target);
      this.#sinks.get(target)?.writeTag({ ...tag, message: stripTagSignature(tag.message) }, from);
    }
    this.result.tags.push({ name: tag.name, targets: placed });
  }

  addReset(reset: ExportReset): void {
    if (reset.from !== undefined) this.#sourceRefTips.set(reset.ref, reset.from);
    else this.#sourceRefTips.delete(reset.ref);
  }

  /** Every ref ends where its last source commit now stands in each target (pruned → nearest kept ancestor). */
  async finish(): Promise<void> {
    for (const [target, history] of this.#histories) {
      for (const [ref, tip] of this.#sourceRefTips) {
        const resolved = history.resolve(tip);
        if (resolved === null) continue;
        this.result.refs.get(target)!.set(ref, resolved);
        this.#sinks.get(target)?.writeReset(ref, resolved);
      }
    }
    await Promise.all([...this.#sinks.values()].map((s) => s.finish()));
  }

  abort(): void {
    for (const s of this.#sinks.values()) s.abort();
  }

  async close(): Promise<void> {
    await this.#catFile.close().catch(() => undefined);
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
