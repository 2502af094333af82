import { runGitText } from "../git.ts";
import type { VerifyMismatch } from "./verify-types.ts";

/**
 * The shape of a target's history against the source's, from `git rev-list --parents` of both
 * and the commit-map only (not the splitter's history code):
 * - each kept commit's parents are its source parents mapped to their nearest kept ancestors,
 *   in order; a parent may be missing only when it came through pruned commits (git-filter-repo
 *   drops such a parent when it duplicates another or has no kept ancestor at all);
 * - every kept commit of the commit-map is reachable from the target's refs, and every commit
 *   reachable there is a kept commit of the commit-map or the migration commit;
 * - the target's branches and tags are exactly the source's refs that have a kept commit, each at
 *   its mapped commit (or, for a ref on a pruned commit, at one of its nearest kept ancestors).
 */
export interface GraphCheckInput {
  readonly source: string;
  readonly repo: string;
  readonly target: string;
  readonly commitMap: ReadonlyMap<string, string>;
  readonly migrationCommit: string | undefined;
  readonly defaultBranch: string | undefined;
}

const ZERO = /^0+$/;
/** Beyond this many candidate stand-ins a pruned commit's refs and children are not checked. */
const CANDIDATE_LIMIT = 64;

export function checkGraph(input: GraphCheckInput): { mismatches: VerifyMismatch[]; refsChecked: number } {
  const { source, repo, target, commitMap } = input;
  const mismatches: VerifyMismatch[] = [];
  const report = (sourceCommit: string, targetCommit: string, problem: string) =>
    mismatches.push({ target, sourceCommit, targetCommit, problem });
  const kept = (oid: string) => {
    const t = commitMap.get(oid);
    return t && !ZERO.test(t) ? t : undefined;
  };

  const sourceRefs = readSourceRefs(source);
  const sourceOrder = readParents(source, ["--topo-order", "--reverse", ...new Set(sourceRefs.values())]);
  // Nearest kept ancestors of every source commit, parents before children (no recursion on long chains).
  const candidates = new Map<string, readonly string[] | undefined>();
  for (const [oid, parents] of sourceOrder) {
    if (!commitMap.has(oid)) {
      report(oid, "", "source commit reachable from the source's refs is missing from the commit-map");
      candidates.set(oid, undefined);
      continue;
    }
    const mapped = kept(oid);
    if (mapped) {
      candidates.set(oid, [mapped]);
      continue;
    }
    const union = new Set<string>();
    let unknown = false;
    for (const p of parents) {
      const c = candidates.get(p);
      if (!c) unknown = true;
      else for (const x of c) union.add(x);
    }
    candidates.set(oid, unknown || union.size > CANDIDATE_LIMIT ? undefined : [...union]);
  }

  const targetGraph = readParents(repo, ["--topo-order", "--all"]);
  const isAncestor = ancestry(targetGraph);
  const keptTargets = new Set<string>();
  for (const [src, tgt] of commitMap) {
    if (ZERO.test(tgt)) continue;
    keptTargets.add(tgt);
    const actual = targetGraph.get(tgt);
    if (!actual) {
      report(src, tgt, "kept commit is not reachable from the target's refs");
      continue;
    }
    const parents = sourceOrder.get(src);
    if (parents && !parentsMatch(parents, actual, kept, candidates, isAncestor))
      report(
        src,
        tgt,
        `parents ${list(actual)} are not the mapped source parents ${parents.map((p) => describeParent(p, kept, candidates)).join(", ")}`,
      );
  }
  for (const oid of targetGraph.keys())
    if (!keptTargets.has(oid) && oid !== input.migrationCommit)
      report("", oid, "commit reachable in the target is neither in the commit-map nor the migration commit");

  let refsChecked = 0;
  const targetRefs = readTargetRefs(repo);
  const judged = new Set<string>();
  for (const [ref, commit] of sourceRefs) {
    const name = targetRefName(ref);
    const want = candidates.get(commit);
    let actual = targetRefs.get(name);
    judged.add(name);
    if (want === undefined) continue;
    if (want.length === 0) {
      if (actual) report(commit, actual, `${name} should be absent: no commit of its history was kept`);
      continue;
    }
    refsChecked++;
    if (!actual) {
      report(commit, want[0]!, `${name} is missing, expected at ${want[0]}`);
      continue;
    }
    if (actual === input.migrationCommit && name === `refs/heads/${input.defaultBranch}`)
      actual = targetGraph.get(actual)?.[0] ?? actual;
    if (!want.includes(actual))
      report(commit, actual, `${name} points at ${actual}, expected ${list(want)} (the mapped ${commit.slice(0, 12)})`);
  }
  for (const [name, oid] of targetRefs)
    if (!judged.has(name)) report("", oid, `${name} has no counterpart among the source's refs`);
  if (input.migrationCommit && targetRefs.get(`refs/heads/${input.defaultBranch}`) !== input.migrationCommit)
    report("", input.migrationCommit, `the migration commit is not the tip of refs/heads/${input.defaultBranch}`);
  return { mismatches, refsChecked };
}

/**
 * `actual` is `source` in order, each parent replaced by its kept commit, where a parent reached
 * through pruned commits is one of its nearest kept ancestors, or is left out when that is
 * redundant as git-filter-repo judges it: it has no kept ancestor, or duplicates or is an
 * ancestor of a parent that stays.
 */
function parentsMatch(
  source: readonly string[],
  actual: readonly string[],
  kept: (oid: string) => string | undefined,
  candidates: ReadonlyMap<string, readonly string[] | undefined>,
  isAncestor: (a: string, b: string) => boolean,
): boolean {
  const mayLeaveOut = (p: string) => {
    if (kept(p) !== undefined) return false;
    const options = candidates.get(p);
    if (options === undefined || options.length === 0) return true;
    return options.some((c) => actual.some((a) => a === c || isAncestor(c, a)));
  };
  const walk = (i: number, j: number): boolean => {
    if (i === source.length) return j === actual.length;
    const p = source[i]!;
    const direct = kept(p);
    const options = candidates.get(p);
    if (j < actual.length && (options === undefined || options.includes(actual[j]!)) && walk(i + 1, j + 1)) return true;
    return direct === undefined && mayLeaveOut(p) && walk(i + 1, j);
  };
  return walk(0, 0);
}

/** `isAncestor(a, b)`: a is reachable from b. Walks down from b, never below a's generation. */
function ancestry(graph: ReadonlyMap<string, readonly string[]>): (a: string, b: string) => boolean {
  const generation = new Map<string, number>();
  for (const oid of [...graph.keys()].reverse()) {
    let g = 0;
    for (const p of graph.get(oid)!) g = Math.max(g, (generation.get(p) ?? 0) + 1);
    generation.set(oid, g);
  }
  return (a, b) => {
    const floor = generation.get(a) ?? 0;
    const seen = new Set<string>();
    const stack = [b];
    while (stack.length > 0) {
      const oid = stack.pop()!;
      if (oid === a) return true;
      if (seen.has(oid) || (generation.get(oid) ?? 0) <= floor) continue;
      seen.add(oid);
      stack.push(...(graph.get(oid) ?? []));
    }
    return false;
  };
}

function describeParent(
  p: string,
  kept: (oid: string) => string | undefined,
  candidates: ReadonlyMap<string, readonly string[] | undefined>,
): string {
  const direct = kept(p);
  if (direct) return direct.slice(0, 12);
  const options = candidates.get(p);
  return `(${p.slice(0, 12)} pruned: ${options === undefined ? "any" : list(options)})`;
}

function list(oids: readonly string[]): string {
  return oids.length ? oids.map((o) => o.slice(0, 12)).join(", ") : "(none)";
}

export function readParents(repo: string, args: readonly string[]): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  if (args.length === 0) return graph;
  for (const line of runGitText(repo, ["rev-list", "--parents", ...args]).split("\n")) {
    if (!line) continue;
    const [oid, ...parents] = line.split(" ");
    graph.set(oid!, parents);
  }
  return graph;
}

/** The refs a split exports, each at its commit: branches, tags, and origin's branches without a local one. */
function readSourceRefs(source: string): Map<string, string> {
  const refs = new Map<string, string>();
  const lines = runGitText(source, [
    "for-each-ref",
    "--format=%(refname) %(objectname) %(*objectname)",
    "refs/heads",
    "refs/tags",
    "refs/remotes/origin",
  ])
    .split("\n")
    .filter(Boolean)
    .map((l) => l.split(" "));
  const local = new Set(lines.map(([ref]) => ref).filter((r) => r?.startsWith("refs/heads/")));
  for (const [ref = "", direct = "", peeled] of lines) {
    if (ref === "refs/remotes/origin/HEAD") continue;
    if (ref.startsWith("refs/remotes/origin/") && local.has(targetRefName(ref))) continue;
    refs.set(ref, peeled || direct);
  }
  return refs;
}

function readTargetRefs(repo: string): Map<string, string> {
  const refs = new Map<string, string>();
  for (const line of runGitText(repo, ["for-each-ref", "--format=%(refname) %(objectname) %(*objectname)"]).split(
    "\n",
  )) {
    const [ref, direct, peeled] = line.split(" ");
    if (ref && direct) refs.set(ref, peeled || direct);
  }
  return refs;
}

function targetRefName(ref: string): string {
  return ref.startsWith("refs/remotes/origin/") ? `refs/heads/${ref.slice("refs/remotes/origin/".length)}` : ref;
}
