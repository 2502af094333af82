import { InputError } from "@infraflux/diagnostics";
import { finishTargets } from "./finish-targets.ts";
import { planPassDiagnostics } from "./history/pass-diagnostics.ts";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { runGit, runGitText, tryGitText } from "./git.ts";
import { runHistoryPass, targetRefName } from "./history/history-pass.ts";
import type { PassResult } from "./history/pass-result.ts";
import { checkSourceRepository } from "./source-repository.ts";
import { countSignatures } from "./history/signatures.ts";
import type { Matrix } from "./matrix/matrix-types.ts";
import { PathMapper } from "./matrix/plan.ts";
import type { MigrationRewriter } from "./migration/migration-rewriter.ts";
import { buildSplitReport } from "./report/report.ts";
import type { SplitReport } from "./report/report-types.ts";
import { checkSplitState } from "./check-split-state.ts";
import {
  readEffectiveMap,
  readState,
  replaceDirectory,
  STATE_DIR,
  writeReports,
  writeState,
  type SplitState,
} from "./split-state.ts";

export interface SplitOptions {
  /** The source repository (never written to). */
  readonly source: string;
  readonly matrix: Matrix;
  /** The matrix file's text: its hash decides whether an existing output can be updated incrementally. */
  readonly matrixText: string;
  readonly out: string;
  /** Plan only: stream the history and report, write nothing. */
  readonly dryRun?: boolean;
  /** Replace an existing output that cannot be updated incrementally. */
  readonly force?: boolean;
  /** Copy commit and tag signatures verbatim (they no longer verify) instead of removing them. */
  readonly keepSignatures?: boolean;
  readonly onProgress?: (commits: number) => void;
  /** Called after each phase with its wall time, for `--verbose`. */
  readonly onPhase?: (phase: string, milliseconds: number) => void;
  /** Rewrites the migration commit runs after its own (the CLI passes the Ansible restructure's). Default none. */
  readonly rewriters?: readonly MigrationRewriter[];
}

export interface SplitResult {
  readonly report: SplitReport;
  readonly incremental: boolean;
  readonly newCommits: number;
}

/**
 * Splits the source history into one repository per target (or updates an earlier split
 * incrementally). Output is built in a sibling temporary directory and renamed into place.
 */
export async function runSplit(options: SplitOptions): Promise<SplitResult> {
  let last = performance.now();
  const phase = (name: string) => {
    const now = performance.now();
    options.onPhase?.(name, now - last);
    last = now;
  };
  const source = checkSourceRepository(options.source);
  const out = resolve(options.out);
  const matrixHash = createHash("sha256").update(options.matrixText).digest("hex");
  const mapper = new PathMapper(options.matrix);
  const defaultBranch =
    options.matrix.defaultBranch ?? (tryGitText(source, ["symbolic-ref", "--short", "HEAD"])?.trim() || "main");
  const sourceRefs = readSourceRefs(source);

  if (options.dryRun) {
    const [pass, signatures] = await Promise.all([
      runHistoryPass({
        source,
        mapper,
        revisions: Object.keys(sourceRefs),
        ...(options.onProgress ? { onProgress: options.onProgress } : {}),
      }),
      countSignatures(source, Object.keys(sourceRefs)),
    ]);
    failOnProblems(pass, mapper);
    return {
      report: buildSplitReport({
        matrix: options.matrix,
        pass,
        signatures,
        commitMaps: undefined,
        migrations: [],
        dryRun: true,
      }),
      incremental: false,
      newCommits: pass.commits.length,
    };
  }

  const state = readState(out);
  if (state && state.matrixHash === matrixHash && !options.force) {
    return runIncremental(options, source, out, state, mapper, sourceRefs);
  }
  if (existsSync(out) && readdirSync(out).length > 0 && !options.force) {
    throw new InputError([
      {
        code: "out-not-empty",
        severity: "error",
        file: options.out,
        message: state
          ? "the output was made with a different matrix, so it cannot be updated incrementally"
          : "the output directory exists and is not empty",
        hint: "pass --force to replace it, or choose another --out",
      },
    ]);
  }

  const work = `${out}.partial-${process.pid}`;
  rmSync(work, { recursive: true, force: true });
  mkdirSync(join(work, STATE_DIR), { recursive: true });
  try {
    const sinks = new Map<string, { repo: string; marksFile: string }>();
    for (const target of options.matrix.targets.keys()) {
      const repo = join(work, target);
      initTargetRepository(repo, source, defaultBranch);
      sinks.set(target, { repo, marksFile: join(work, STATE_DIR, `${target}.marks`) });
    }
    phase("prepare");
    const [pass, signatures] = await Promise.all([
      runHistoryPass({
        source,
        mapper,
        sinks,
        revisions: Object.keys(sourceRefs),
        ...(options.onProgress ? { onProgress: options.onProgress } : {}),
      }),
      countSignatures(source, Object.keys(sourceRefs)),
    ]);
    phase("history pass (fast-export → fast-import)");
    failOnProblems(pass, mapper);
    const { commitMaps, migrations, rewrittenTips } = await finishTargets({
      dir: work,
      source,
      mapper,
      pass,
      sinks,
      defaultBranch,
      incremental: undefined,
      phase,
      keepSignatures: Boolean(options.keepSignatures),
      rewriters: options.rewriters ?? [],
    });
    const report = buildSplitReport({
      matrix: options.matrix,
      pass,
      signatures,
      keptSignatures: Boolean(options.keepSignatures),
      commitMaps,
      migrations,
      dryRun: false,
    });
    writeReports(work, report);
    const rulesUsed = rulesUsedIn(options.matrix, pass, new Set());
    writeState(work, { version: 1, matrixHash, defaultBranch, sourceRefs, rewrittenTips, rulesUsed });
    replaceDirectory(work, out);
    return { report, incremental: false, newCommits: pass.commits.length };
  } catch (error) {
    rmSync(work, { recursive: true, force: true });
    throw error;
  }
}

async function runIncremental(
  options: SplitOptions,
  source: string,
  out: string,
  state: SplitState,
  mapper: PathMapper,
  sourceRefs: Record<string, string>,
): Promise<SplitResult> {
  const previous = new Map<string, Map<string, { target: string | null; kept: boolean }>>();
  for (const target of options.matrix.targets.keys())
    previous.set(target, readEffectiveMap(join(out, STATE_DIR, `${target}.effective`)));
  checkSplitState({ out, shownOut: options.out, state, previous });
  // A state from before rules were remembered: every rule counts as used, so none is said to match nothing.
  const rulesUsedBefore = new Set(state.rulesUsed ?? options.matrix.rules.map((r) => r.line));
  const exclusions = Object.values(state.sourceRefs)
    .filter((oid) => tryGitText(source, ["cat-file", "-e", `${oid}^{commit}`]) !== undefined)
    .map((oid) => `^${oid}`);
  const sinks = new Map<string, { repo: string; marksFile: string }>();
  for (const target of options.matrix.targets.keys()) {
    const repo = join(out, target);
    writeFileSync(join(repo, ".git", "objects", "info", "alternates"), `${join(gitDirOf(source), "objects")}\n`);
    sinks.set(target, { repo, marksFile: join(out, STATE_DIR, `${target}.marks`) });
  }
  const phase = (name: string) => options.onPhase?.(name, 0);
  const revisions = [...Object.keys(sourceRefs), ...exclusions];
  const [pass, signatures] = await Promise.all([
    runHistoryPass({
      source,
      mapper,
      sinks,
      previous,
      revisions,
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    }),
    countSignatures(source, revisions),
  ]);
  failOnProblems(pass, mapper);
  const { commitMaps, migrations, rewrittenTips } = await finishTargets({
    dir: out,
    source,
    mapper,
    pass,
    sinks,
    defaultBranch: state.defaultBranch,
    incremental: { previous, state },
    phase,
    keepSignatures: Boolean(options.keepSignatures),
    rewriters: options.rewriters ?? [],
  });
  const report = buildSplitReport({
    matrix: options.matrix,
    pass,
    signatures,
    keptSignatures: Boolean(options.keepSignatures),
    commitMaps,
    migrations,
    dryRun: false,
    rulesUsedBefore,
  });
  writeReports(out, report);
  writeState(out, {
    ...state,
    sourceRefs,
    rewrittenTips,
    rulesUsed: rulesUsedIn(options.matrix, pass, rulesUsedBefore),
  });
  return { report, incremental: true, newCommits: pass.commits.length };
}

/** Lines of the rules this pass or earlier runs matched, in matrix order. */
function rulesUsedIn(matrix: Matrix, pass: PassResult, before: ReadonlySet<number>): number[] {
  return matrix.rules.filter((r) => before.has(r.line) || pass.ruleStats.has(r.index)).map((r) => r.line);
}

function failOnProblems(pass: PassResult, mapper: PathMapper): void {
  const diagnostics = planPassDiagnostics(pass, mapper);
  if (diagnostics.length > 0) throw new InputError(diagnostics);
}

function gitDirOf(repo: string): string {
  return resolve(repo, runGitText(repo, ["rev-parse", "--git-common-dir"]).trim());
}

function initTargetRepository(repo: string, source: string, defaultBranch: string): void {
  mkdirSync(repo, { recursive: true });
  runGit(repo, ["init", "-q", "-b", defaultBranch]);
  // Borrow the source's objects while importing: blobs are referenced by id, never copied through Node.
  writeFileSync(join(repo, ".git", "objects", "info", "alternates"), `${join(gitDirOf(source), "objects")}\n`);
}

/**
 * The refs a split exports: local branches, tags, and — as git-filter-repo does for a fresh clone —
 * `origin`'s remote-tracking branches that have no local branch of the same name (they become branches).
 */
function readSourceRefs(source: string): Record<string, string> {
  const refs: Record<string, string> = {};
  const lines = runGitText(source, [
    "for-each-ref",
    "--format=%(refname) %(objectname)",
    "refs/heads",
    "refs/tags",
    "refs/remotes/origin",
  ]).split("\n");
  const local = new Set(
    lines.map((l) => l.split(" ")[0]).filter((r): r is string => Boolean(r?.startsWith("refs/heads/"))),
  );
  for (const line of lines) {
    const [ref, oid] = line.split(" ");
    if (!ref || !oid || ref === "refs/remotes/origin/HEAD") continue;
    if (ref.startsWith("refs/remotes/origin/") && local.has(targetRefName(ref))) continue;
    refs[ref] = oid;
  }
  return refs;
}
