import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { CatFile, runGit, runGitText, tryGitText } from "../git.ts";
import { checkSourceRepository, checkSplitOutput } from "../source-repository.ts";
import { stripTagSignature } from "../history/signatures.ts";
import type { SplitReport } from "../report/report-types.ts";
import { splitFileContent } from "../matrix/split-documents.ts";
import { CommitNameIndex, hasCommitNames, rewriteCommitNames } from "../history/commit-references.ts";
import { decodePath } from "../path-bytes.ts";
import { checkGraph, readParents } from "./graph.ts";
import { placer } from "./placement.ts";
import { compareChanges, type ExpectedChanges, planExpectedChanges, readTreeChanges } from "./tree-changes.ts";

const ZERO = /^0+$/;
const EMPTY_TREE = hashTree([]);
/** Besides roots and ref tips, every this many kept commits is compared tree to tree. */
const FULL_TREE_SAMPLE = 500;
import type { VerifyMismatch, VerifyOptions, VerifyResult } from "./verify-types.ts";

export type { VerifyMismatch, VerifyOptions, VerifyResult } from "./verify-types.ts";
import { hashBlob, hashTree, type FlatEntry } from "./tree-hash.ts";

/**
 * Checks a split independently of the splitter's history code, with git plumbing: each
 * target commit's tree equals its source commit's tree mapped through the matrix (computed
 * here from `cat-file` objects and hashed in-process), metadata matches, pruned commits
 * really are empty in their target, every path is accounted for, and tags follow.
 */
export async function runVerify(options: VerifyOptions): Promise<VerifyResult> {
  const source = checkSourceRepository(options.source);
  checkSplitOutput(options.out, [...options.matrix.targets.keys()]);
  const place = placer(options.matrix);
  const sourceCat = new CatFile(source);
  const mismatches: VerifyMismatch[] = [];
  const accounted = new Set<string>();
  const targets: {
    name: string;
    commitsChecked: number;
    keptCommits: number;
    prunedCommits: number;
    tagsChecked: number;
    refsChecked: number;
  }[] = [];
  const mappedTreeCache = new Map<string, Map<string, string>>();

  // Flattens a source tree into per-target entries, memoised per (subtree, path prefix).
  const flatten = async (treeOid: string, prefix: string, out: Map<string, FlatEntry[]>, problems: string[]) => {
    const tree = await sourceCat.read(treeOid);
    if (tree?.type !== "tree") throw new Error(`cannot read tree ${treeOid}`);
    for (const entry of parseTree(tree.content)) {
      const path = prefix + entry.name;
      if (entry.mode === "40000") {
        await flatten(entry.oid, `${path}/`, out, problems);
        continue;
      }
      const mapping = place(path);
      accounted.add(path);
      const push = (target: string, e: FlatEntry) => (out.get(target) ?? out.set(target, []).get(target)!).push(e);
      if (mapping.kind === "unmapped" || mapping.kind === "ambiguous" || mapping.kind === "unsafe")
        problems.push(`path "${path}" is not accounted for by the matrix (${mapping.kind})`);
      else if (mapping.kind === "copy")
        for (const d of mapping.to) push(d.target, { path: d.path, mode: entry.mode, oid: entry.oid });
      else if (mapping.kind === "split") {
        const blob = await sourceCat.read(entry.oid);
        const isFile = entry.mode === "100644" || entry.mode === "100755";
        for (const piece of splitFileContent(
          isFile ? path : "",
          blob?.content ?? Buffer.alloc(0),
          mapping.cases.map((c) => ({ ...(c.when ? { when: c.when } : {}), destination: c.to })),
        ).values()) {
          push(piece.destination.target, {
            path: piece.destination.path,
            mode: entry.mode,
            oid: hashBlob(piece.content),
          });
        }
      }
    }
  };
  const mappedTrees = async (commit: string): Promise<{ trees: Map<string, string>; problems: string[] }> => {
    const cached = mappedTreeCache.get(commit);
    if (cached) return { trees: cached, problems: [] };
    const { tree: treeOid } = await readCommitHeader(sourceCat, commit);
    const byTarget = new Map<string, FlatEntry[]>();
    const problems: string[] = [];
    await flatten(treeOid, "", byTarget, problems);
    const trees = new Map(
      [...options.matrix.targets.keys()].map((t) => [t, hashTree(dedupeByPath(byTarget.get(t) ?? []))]),
    );
    if (mappedTreeCache.size > 2000) mappedTreeCache.clear();
    mappedTreeCache.set(commit, trees);
    return { trees, problems };
  };

  const readBlob = async (oid: string) => (await sourceCat.read(oid))?.content ?? Buffer.alloc(0);
  const sourceParents = readParents(source, ["--all"]);
  const parentsOf = async (c: string) => sourceParents.get(c) ?? (await readCommitHeader(sourceCat, c)).parents;
  const commitMaps = new Map(
    [...options.matrix.targets.keys()].map((t) => {
      const file = join(options.out, `${t}.commit-map`);
      return [t, existsSync(file) ? readCommitMap(file) : undefined] as const;
    }),
  );
  // Each source commit against its first parent, once for all targets (one `git diff-tree --stdin`).
  const sourceCommits = [...new Set([...commitMaps.values()].flatMap((m) => (m ? [...m.keys()] : [])))];
  const sourceRequests = await Promise.all(
    sourceCommits.map(async (c) => [c, ...(await parentsOf(c)).slice(0, 1)].join(" ")),
  );
  const sourceChanges = new Map(
    readTreeChanges(source, sourceRequests).map((changes, i) => [sourceCommits[i]!, changes] as const),
  );
  for (const changes of sourceChanges.values()) for (const c of changes) accounted.add(c.path);

  try {
    for (const target of options.matrix.targets.keys()) {
      const repo = join(options.out, target);
      const mapFile = join(options.out, `${target}.commit-map`);
      const stats = {
        name: target,
        commitsChecked: 0,
        keptCommits: 0,
        prunedCommits: 0,
        tagsChecked: 0,
        refsChecked: 0,
      };
      targets.push(stats);
      if (!existsSync(mapFile) || !existsSync(repo)) {
        mismatches.push({ target, sourceCommit: "", targetCommit: "", problem: `missing ${mapFile} or ${repo}` });
        continue;
      }
      const targetCat = new CatFile(repo);
      const commitMap = commitMaps.get(target) ?? new Map<string, string>();
      const names = new CommitNameIndex();
      let previous: string | undefined;
      try {
        const standIn = new Map<string, string | null | undefined>();
        const tips = new Set(
          runGitText(repo, ["for-each-ref", "--format=%(objectname)%0a%(*objectname)"]).split("\n").filter(Boolean),
        );
        const requests: string[] = [];
        const pending: { src: string; tgt: string; expected: ExpectedChanges }[] = [];
        const report = (src: string, tgt: string, problem: string) =>
          mismatches.push({ target, sourceCommit: src, targetCommit: tgt, problem });
        for (const [src, tgt] of commitMap) {
          // Messages may name commits that came before this one, as the split saw them.
          if (previous) names.add(previous);
          previous = src;
          stats.commitsChecked++;
          const parents = await parentsOf(src);
          const base = parents[0] === undefined ? null : standIn.get(parents[0]);
          const problems: string[] = [];
          const expected = await planExpectedChanges(sourceChanges.get(src) ?? [], target, place, readBlob, problems);
          for (const p of problems) report(src, tgt, p);
          if (ZERO.test(tgt)) {
            stats.prunedCommits++;
            // Nothing of this target changed: the first parent's stand-in holds its tree too.
            if (base !== undefined && expected.size === 0) {
              standIn.set(src, base);
              continue;
            }
            const mine = (await mappedTrees(src)).trees.get(target)!;
            const parentTrees = await Promise.all(parents.map(async (p) => (await mappedTrees(p)).trees.get(target)!));
            const same = parents.length === 0 ? (mine === EMPTY_TREE ? -2 : -1) : parentTrees.indexOf(mine);
            if (same === -1)
              report(src, tgt, "pruned, but its mapped tree differs from every parent's: content would be lost");
            standIn.set(src, same === -2 ? null : same >= 0 ? standIn.get(parents[same]!) : undefined);
            continue;
          }
          stats.keptCommits++;
          standIn.set(src, tgt);
          const b = await targetCat.read(tgt);
          if (b?.type !== "commit") {
            report(src, tgt, "the commit-map names a commit the target does not have");
            continue;
          }
          const header = commitHeader(b.content);
          const uncertain = [...expected.values()].some((e) => !e.certain);
          const full =
            stats.keptCommits % FULL_TREE_SAMPLE === 1 ||
            tips.has(tgt) ||
            uncertain ||
            base === undefined ||
            (base === null && header.parents.length > 0);
          if (full) {
            const { trees } = await mappedTrees(src);
            if (header.tree !== trees.get(target))
              report(src, tgt, `tree ${header.tree} differs from the mapped source tree ${trees.get(target)}`);
          } else {
            requests.push(base === null ? tgt : `${tgt} ${base}`);
            pending.push({ src, tgt, expected });
          }
          const a = await sourceCat.read(src);
          const expectedMessage = a ? await expectedCommit(a.content, names, commitMap) : undefined;
          if (commitMetadata(expectedMessage) !== commitMetadata(b.content))
            report(src, tgt, "author, committer, encoding or message differ");
          options.onProgress?.(stats.commitsChecked);
        }
        const actual = readTreeChanges(repo, requests);
        for (const [i, { src, tgt, expected }] of pending.entries()) {
          const problems = compareChanges(actual[i]!, expected);
          if (problems.length === 0) continue;
          // A change the diff cannot see can be a no-op (old and new paths of a rename land on one place):
          // the whole trees decide before anything is reported.
          const b = await targetCat.read(tgt);
          const { trees } = await mappedTrees(src);
          if (b?.type === "commit" && commitHeader(b.content).tree === trees.get(target)) continue;
          for (const p of problems.slice(0, 5)) report(src, tgt, `tree differs from the mapped source tree: ${p}`);
        }
        stats.tagsChecked = checkTags(source, repo, commitMap, target, mismatches);
        const migrationCommit = checkMigration(options.out, repo, target, mismatches);
        const graph = checkGraph({
          source,
          repo,
          target,
          commitMap,
          migrationCommit,
          defaultBranch: tryGitText(repo, ["symbolic-ref", "--short", "HEAD"])?.trim(),
        });
        mismatches.push(...graph.mismatches);
        stats.refsChecked = graph.refsChecked;
      } finally {
        await targetCat.close();
      }
    }
  } finally {
    await sourceCat.close();
  }
  return { ok: mismatches.length === 0, targets, pathsAccounted: accounted.size, mismatches };
}

/** Tree and parents of a commit, from the object already open over `cat-file --batch` (no process per commit). */
async function readCommitHeader(objects: CatFile, oid: string): Promise<{ tree: string; parents: string[] }> {
  const commit = await objects.read(oid);
  if (commit?.type !== "commit") throw new Error(`cannot read commit ${oid}`);
  return commitHeader(commit.content);
}

function commitHeader(content: Buffer): { tree: string; parents: string[] } {
  const header = content.toString("latin1", 0, Math.max(0, content.indexOf("\n\n")));
  return {
    tree: /^tree ([0-9a-f]{40})$/m.exec(header)![1]!,
    parents: [...header.matchAll(/^parent ([0-9a-f]{40})$/gm)].map((m) => m[1]!),
  };
}

function dedupeByPath(entries: readonly FlatEntry[]): FlatEntry[] {
  const byPath = new Map<string, FlatEntry>();
  for (const e of entries) if (!byPath.has(e.path)) byPath.set(e.path, e);
  return [...byPath.values()];
}

function parseTree(content: Buffer): { mode: string; name: string; oid: string }[] {
  const entries: { mode: string; name: string; oid: string }[] = [];
  let i = 0;
  while (i < content.length) {
    const space = content.indexOf(32, i);
    const nul = content.indexOf(0, space);
    entries.push({
      mode: content.toString("latin1", i, space),
      name: decodePath(content.subarray(space + 1, nul)),
      oid: content.toString("hex", nul + 1, nul + 21),
    });
    i = nul + 21;
  }
  return entries;
}

/** The source commit object with the names of commits rewritten as the split does. */
async function expectedCommit(
  content: Buffer,
  names: CommitNameIndex,
  commitMap: ReadonlyMap<string, string>,
): Promise<Buffer> {
  const split = content.indexOf("\n\n");
  if (split < 0) return content;
  const body = content.subarray(split + 2);
  if (!hasCommitNames(body)) return content;
  const { message } = await rewriteCommitNames(body, names, async (oid) => {
    const target = commitMap.get(oid);
    return target && !/^0+$/.test(target) ? target : undefined;
  });
  return Buffer.concat([content.subarray(0, split + 2), message]);
}

/** Everything of a commit object but its tree, parents and signature. */
function commitMetadata(content: Buffer | undefined): string {
  if (!content) return "";
  const text = content.toString("latin1");
  const split = text.indexOf("\n\n");
  const headers = text
    .slice(0, split)
    .split("\n")
    .filter((l) => /^(author|committer|encoding) /.test(l));
  return `${headers.join("\n")}\n\n${text.slice(split + 2)}`;
}

function readCommitMap(file: string): Map<string, string> {
  const map = new Map<string, string>();
  for (const line of readFileSync(file, "utf8").split("\n").slice(1)) {
    const [a, b] = line.split(" ");
    if (a && b) map.set(a, b);
  }
  return map;
}

/** Every source tag whose commit survives points at the mapped commit (or its nearest kept ancestor). */
function checkTags(
  source: string,
  repo: string,
  commitMap: ReadonlyMap<string, string>,
  target: string,
  mismatches: VerifyMismatch[],
): number {
  let checked = 0;
  const sourceTags = runGitText(source, [
    "for-each-ref",
    "--format=%(refname) %(*objectname) %(objectname)",
    "refs/tags",
  ])
    .split("\n")
    .filter(Boolean);
  for (const line of sourceTags) {
    const [ref = "", peeled, direct] = line.split(" ");
    const commit = peeled || direct || "";
    const mapped = commitMap.get(commit);
    if (!mapped || /^0+$/.test(mapped)) continue;
    checked++;
    // Where it points is checked with the other refs (graph.ts).
    const actual = tryGitText(repo, ["rev-parse", "--verify", "-q", `${ref}^{commit}`])?.trim();
    const sourceType = runGitText(source, ["cat-file", "-t", ref]).trim();
    const targetType = tryGitText(repo, ["cat-file", "-t", ref])?.trim();
    if (actual && sourceType !== targetType)
      mismatches.push({
        target,
        sourceCommit: commit,
        targetCommit: mapped,
        problem: `${ref} is a ${targetType} in the target but a ${sourceType} in the source`,
      });
    if (actual && sourceType === "tag" && tagHeader(source, ref) !== tagHeader(repo, ref))
      mismatches.push({
        target,
        sourceCommit: commit,
        targetCommit: mapped,
        problem: `${ref}: tagger or message differ`,
      });
  }
  return checked;
}

/** A tag without its object line and signature: what a split keeps. */
function tagHeader(repo: string, ref: string): string {
  const text = stripTagSignature(runGit(repo, ["cat-file", "tag", ref])).toString("latin1");
  return text
    .split("\n")
    .filter((l) => !/^(object|type) /.test(l))
    .join("\n");
}

/** The migration commit changes only the files whose references it reports; returns it. */
function checkMigration(out: string, repo: string, target: string, mismatches: VerifyMismatch[]): string | undefined {
  const reportFile = join(out, "report.json");
  if (!existsSync(reportFile)) return undefined;
  const report = JSON.parse(readFileSync(reportFile, "utf8")) as SplitReport;
  const t = report.targets.find((x) => x.name === target);
  if (!t?.migrationCommit) return undefined;
  const changed = runGitText(repo, ["diff-tree", "-r", "--no-commit-id", "--name-only", "-z", t.migrationCommit])
    .split("\0")
    .filter(Boolean);
  const allowed = new Set([...t.referencesRewritten.map((e) => e.file), ...(t.generatedFiles ?? [])]);
  for (const file of changed) {
    if (!allowed.has(file))
      mismatches.push({
        target,
        sourceCommit: "",
        targetCommit: t.migrationCommit,
        problem: `the migration commit changes ${file}, which the report does not list`,
      });
  }
  return t.migrationCommit;
}
