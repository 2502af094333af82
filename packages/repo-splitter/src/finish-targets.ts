import { writeTwoPhase } from "@infraflux/file-output";
// After the history pass: commit-maps and rewritten tips in the state, the migration commit, then each target
// made self-contained (its own pack, no alternates) and checked out.
import { rmSync } from "node:fs";
import { join } from "node:path";
import { runGit, runGitAsync, tryGitText } from "./git.ts";
import { copySignatures } from "./history/keep-signatures.ts";
import type { PassResult } from "./history/pass-result.ts";
import type { PathMapper } from "./matrix/plan.ts";
import { type MigrationResult, writeMigrationCommit } from "./migration/migration.ts";
import type { MigrationRewriter } from "./migration/migration-rewriter.ts";
import { type EffectiveMaps, readMarks, renderCommitMap, STATE_DIR, type SplitState, ZERO } from "./split-state.ts";

export interface FinishTargetsOptions {
  /** The output being built (or updated in place, incrementally). */
  readonly dir: string;
  readonly source: string;
  /** The run's one path mapper; its matrix is the run's matrix. */
  readonly mapper: PathMapper;
  readonly pass: PassResult;
  readonly sinks: ReadonlyMap<string, Sink>;
  readonly defaultBranch: string;
  /** The earlier split's effective maps and state, when updating incrementally. */
  readonly incremental: { readonly previous: EffectiveMaps; readonly state: SplitState } | undefined;
  readonly phase: (name: string) => void;
  readonly keepSignatures: boolean;
  readonly rewriters: readonly MigrationRewriter[];
}

type Sink = { readonly repo: string; readonly marksFile: string };

/** After fast-import: commit-maps, the migration commit, a self-contained object store, a checkout. */
export async function finishTargets(options: FinishTargetsOptions): Promise<{
  commitMaps: Map<string, Map<string, string>>;
  migrations: MigrationResult[];
  rewrittenTips: Record<string, Record<string, string>>;
}> {
  const { source, mapper, pass, sinks, defaultBranch, phase, keepSignatures, rewriters } = options;
  const commitMaps = new Map<string, Map<string, string>>();
  const migrations: MigrationResult[] = [];
  const rewrittenTips: Record<string, Record<string, string>> = {};
  for (const [target, sink] of sinks) {
    const marks = readMarks(sink.marksFile);
    if (keepSignatures) {
      const outcomes = pass.outcomes.get(target)!;
      await copySignatures(sink.repo, source, pass.commits, (mark) => outcomes.get(mark)?.kept === true, marks);
    }
    const resolveRef = (ref: string | null) =>
      ref === null ? null : ref.startsWith(":") ? (marks.get(Number(ref.slice(1))) ?? null) : ref;
    commitMaps.set(target, writeCommitMap(options, target, resolveRef));
    const tips = updateTargetRefs(options, target, sink.repo, resolveRef);
    rewrittenTips[target] = tips;
    phase(`commit-map and refs (${target})`);
    const migration = await writeMigrationCommit({
      repo: sink.repo,
      target,
      mapper,
      rewriters,
      source,
      defaultBranch,
      rewrittenTip: tips[`refs/heads/${defaultBranch}`],
    });
    migrations.push(migration);
    phase(`migration commit (${target})`);
  }
  // Each target becomes self-contained (its own pack, no alternates) and gets its default branch checked out: in parallel.
  await Promise.all([...sinks].map(([target, sink]) => packAndCheckOut(options, target, sink)));
  phase("pack objects and check out");
  return { commitMaps, migrations, rewrittenTips };
}

type ResolveRef = (ref: string | null) => string | null;

/** Source SHA → target SHA (or zeros when pruned) for the whole history so far: the commit-map and the state's effective map. */
function writeCommitMap(options: FinishTargetsOptions, target: string, resolveRef: ResolveRef): Map<string, string> {
  const { dir, pass, incremental } = options;
  const outcomes = pass.outcomes.get(target)!;
  const effectiveLines: string[] = [];
  const commitMap = new Map<string, string>();
  for (const [oid, entry] of incremental?.previous.get(target) ?? []) {
    commitMap.set(oid, entry.kept && entry.target ? entry.target : ZERO);
    effectiveLines.push(`${oid} ${entry.target ?? ZERO} ${entry.kept ? "kept" : "pruned"}`);
  }
  for (const { oid, mark } of pass.commits) {
    const outcome = outcomes.get(mark)!;
    const sha = resolveRef(outcome.rewriteTo);
    commitMap.set(oid, outcome.kept && sha ? sha : ZERO);
    effectiveLines.push(`${oid} ${sha ?? ZERO} ${outcome.kept ? "kept" : "pruned"}`);
  }
  writeTwoPhase(dir, [
    { path: `${STATE_DIR}/${target}.effective`, content: `${effectiveLines.join("\n")}\n` },
    { path: `${target}.commit-map`, content: renderCommitMap(commitMap) },
  ]);
  return commitMap;
}

/**
 * Points the target's refs at their rewritten tips. Rewritten tips (before the migration commit) are
 * remembered in the state so an update continues from them.
 */
function updateTargetRefs(
  options: FinishTargetsOptions,
  target: string,
  repo: string,
  resolveRef: ResolveRef,
): Record<string, string> {
  const tips: Record<string, string> = { ...(options.incremental?.state.rewrittenTips[target] ?? {}) };
  const refUpdates: string[] = [];
  for (const [ref, tip] of options.pass.refs.get(target)!) {
    const sha = resolveRef(tip);
    if (!sha) continue;
    tips[ref] = sha;
    refUpdates.push(`update ${ref} ${sha}`);
  }
  if (refUpdates.length) runGit(repo, ["update-ref", "--stdin"], `${refUpdates.join("\n")}\n`);
  return Object.fromEntries(Object.entries(tips).sort(([a], [b]) => a.localeCompare(b)));
}

async function packAndCheckOut(options: FinishTargetsOptions, target: string, { repo }: Sink): Promise<void> {
  const { incremental, keepSignatures, defaultBranch } = options;
  if (incremental) {
    // Pack only what the new commits reached through the borrowed objects: cost follows the new commits.
    const old = Object.values(incremental.state.rewrittenTips[target] ?? {}).map((sha) => `^${sha}`);
    const objects = runGit(repo, ["rev-list", "--objects", "--all", ...old]);
    await runGitAsync(repo, ["pack-objects", "-q", join(repo, ".git", "objects", "pack", "pack")], objects);
  } else {
    // After --keep-signatures the commits fast-import wrote first are unreachable: drop them.
    await runGitAsync(repo, keepSignatures ? ["repack", "-A", "-d", "-q"] : ["repack", "-a", "-d", "-q"]);
    if (keepSignatures) await runGitAsync(repo, ["prune", "--expire=now"]);
  }
  rmSync(join(repo, ".git", "objects", "info", "alternates"), { force: true });
  if (tryGitText(repo, ["rev-parse", "--verify", "-q", `refs/heads/${defaultBranch}`])) {
    runGit(repo, ["symbolic-ref", "HEAD", `refs/heads/${defaultBranch}`]);
    await runGitAsync(repo, ["reset", "-q", "--hard", `refs/heads/${defaultBranch}`]);
  }
}
