import { InputError, type Diagnostic } from "@infraflux/diagnostics";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { runGit, runGitAsync, runGitText, tryGitText } from "./git.ts";
import { runHistoryPass, targetRefName } from "./history/history-pass.ts";
import type { PassResult } from "./history/pass-result.ts";
import { checkSourceRepository } from "./source-repository.ts";
import { copySignatures } from "./history/keep-signatures.ts";
import { countSignatures } from "./history/signatures.ts";
import type { Matrix } from "./matrix/matrix.ts";
import { writeMigrationCommit, type MigrationResult } from "./migration/migration.ts";
import { PathMapper } from "./matrix/plan.ts";
import type { MigrationRewriter } from "./migration/migration-rewriter.ts";
import { buildSplitReport } from "./report/report.ts";
import type { SplitReport } from "./report/report-types.ts";
import {
  readEffectiveMap,
  readMarks,
  readState,
  renderCommitMap,
  replaceDirectory,
  STATE_DIR,
  writeAtomically,
  writeReports,
  writeState,
  ZERO,
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
    writeState(work, { version: 1, matrixHash, defaultBranch, sourceRefs, rewrittenTips });
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
  });
  writeReports(out, report);
  writeState(out, { ...state, sourceRefs, rewrittenTips });
  return { report, incremental: true, newCommits: pass.commits.length };
}

type EffectiveMaps = ReadonlyMap<string, ReadonlyMap<string, { target: string | null; kept: boolean }>>;

interface FinishTargetsOptions {
  /** The output being built (or updated in place, incrementally). */
  readonly dir: string;
  readonly source: string;
  /** The run's one path mapper; its matrix is the run's matrix. */
  readonly mapper: PathMapper;
  readonly pass: PassResult;
  readonly sinks: ReadonlyMap<string, { repo: string; marksFile: string }>;
  readonly defaultBranch: string;
  /** The earlier split's effective maps and state, when updating incrementally. */
  readonly incremental: { readonly previous: EffectiveMaps; readonly state: SplitState } | undefined;
  readonly phase: (name: string) => void;
  readonly keepSignatures: boolean;
  readonly rewriters: readonly MigrationRewriter[];
}

/** After fast-import: commit-maps, the migration commit, a self-contained object store, a checkout. */
async function finishTargets(options: FinishTargetsOptions): Promise<{
  commitMaps: Map<string, Map<string, string>>;
  migrations: MigrationResult[];
  rewrittenTips: Record<string, Record<string, string>>;
}> {
  const { dir, source, mapper, pass, sinks, defaultBranch, incremental, phase, keepSignatures, rewriters } = options;
  const commitMaps = new Map<string, Map<string, string>>();
  const migrations: MigrationResult[] = [];
  const rewrittenTips: Record<string, Record<string, string>> = {};
  const previous = incremental?.previous;
  for (const [target, { repo, marksFile }] of sinks) {
    const marks = readMarks(marksFile);
    if (keepSignatures) {
      const outcomes = pass.outcomes.get(target)!;
      await copySignatures(repo, source, pass.commits, (mark) => outcomes.get(mark)?.kept === true, marks);
    }
    const resolveRef = (ref: string | null) =>
      ref === null ? null : ref.startsWith(":") ? (marks.get(Number(ref.slice(1))) ?? null) : ref;
    const outcomes = pass.outcomes.get(target)!;
    const effectiveLines: string[] = [];
    const commitMap = new Map<string, string>();
    for (const [oid, entry] of previous?.get(target) ?? []) {
      commitMap.set(oid, entry.kept && entry.target ? entry.target : ZERO);
      effectiveLines.push(`${oid} ${entry.target ?? ZERO} ${entry.kept ? "kept" : "pruned"}`);
    }
    for (const { oid, mark } of pass.commits) {
      const outcome = outcomes.get(mark)!;
      const sha = resolveRef(outcome.rewriteTo);
      commitMap.set(oid, outcome.kept && sha ? sha : ZERO);
      effectiveLines.push(`${oid} ${sha ?? ZERO} ${outcome.kept ? "kept" : "pruned"}`);
    }
    commitMaps.set(target, commitMap);
    writeAtomically(join(dir, STATE_DIR, `${target}.effective`), `${effectiveLines.join("\n")}\n`);
    writeAtomically(join(dir, `${target}.commit-map`), renderCommitMap(commitMap));

    // Rewritten tips (before the migration commit) are remembered in the state so an update continues from them.
    const tips: Record<string, string> = { ...(incremental?.state.rewrittenTips[target] ?? {}) };
    const refUpdates: string[] = [];
    for (const [ref, tip] of pass.refs.get(target)!) {
      const sha = resolveRef(tip);
      if (!sha) continue;
      tips[ref] = sha;
      refUpdates.push(`update ${ref} ${sha}`);
    }
    if (refUpdates.length) runGit(repo, ["update-ref", "--stdin"], `${refUpdates.join("\n")}\n`);
    rewrittenTips[target] = Object.fromEntries(Object.entries(tips).sort(([a], [b]) => a.localeCompare(b)));
    phase(`commit-map and refs (${target})`);
    const migration = await writeMigrationCommit({
      repo,
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
  await Promise.all(
    [...sinks].map(async ([target, { repo }]) => {
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
    }),
  );
  phase("pack objects and check out");
  return { commitMaps, migrations, rewrittenTips };
}

function failOnProblems(pass: PassResult, mapper: PathMapper): void {
  if (pass.problems.length === 0 && pass.collisions.length === 0) return;
  const { matrix } = mapper;
  const ruleOf = (path: string) => {
    const m = mapper.map(path);
    return "rule" in m && m.rule ? m.rule : undefined;
  };
  const collisions: Diagnostic[] = pass.collisions.map((c) => {
    const [a, b] = c.sources.map(ruleOf);
    return {
      code: "target-path-collision",
      severity: "error",
      file: matrix.file,
      ...(b ? { span: { line: b.line, column: 1 } } : {}),
      message: `"${c.sources[0]}" (rule at line ${a?.line ?? "?"}) and "${c.sources[1]}" (rule at line ${b?.line ?? "?"}) both land on ${c.target}:${c.path}, first in commit ${c.commit.slice(0, 12)}`,
      hint: "give one of them its own destination with a more specific rule (an exact path wins over a prefix)",
      ...(a
        ? { related: [{ file: matrix.file, span: { line: a.line, column: 1 }, message: `rule for "${a.from.text}"` }] }
        : {}),
    };
  });
  const diagnostics: Diagnostic[] = pass.problems.map(({ problem, commit }) =>
    problem.mapping.kind === "unsafe"
      ? {
          code: "unsafe-source-path",
          severity: "error",
          message: `the source history holds the path "${problem.path}" (commit ${commit.slice(0, 12)}), which ${problem.mapping.reason}; git itself refuses to check such a path out`,
          hint: "remove it from the source history first (for example with git filter-repo --invert-paths --path ...)",
        }
      : problem.mapping.kind === "tie"
        ? {
            code: "matrix-tied-rules",
            severity: "error",
            file: matrix.file,
            span: { line: problem.mapping.rules[0]!.line, column: 1 },
            message: `"${problem.path}" (first in commit ${commit.slice(0, 12)}) matches ${problem.mapping.rules.map((r) => `"${r.from.text}" (line ${r.line})`).join(" and ")} with the same specificity`,
            hint: "make one rule more specific (an exact path or a longer prefix)",
            related: problem.mapping.rules
              .slice(1)
              .map((r) => ({ file: matrix.file, span: { line: r.line, column: 1 }, message: "tied rule" })),
          }
        : {
            code: "unmapped-path",
            severity: "error",
            file: matrix.file,
            message: `no rule matches "${problem.path}" (first in commit ${commit.slice(0, 12)}) and \`unmapped\` is \`error\``,
            hint: `add a rule such as \`- from: ${problem.path.includes("/") ? problem.path.slice(0, problem.path.indexOf("/") + 1) : problem.path}\` with a \`to\`, or \`drop: true\``,
          },
  );
  throw new InputError([...diagnostics, ...collisions]);
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
