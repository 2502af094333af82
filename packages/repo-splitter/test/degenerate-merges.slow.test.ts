/**
 * Degenerate merge shapes that real histories have and the fixtures did not: a merge listing the same parent
 * twice followed by an originally empty commit, an empty re-merge of an already-merged branch, an unrelated
 * root merged in, octopus merges whose parents collapse. The split must match git-filter-repo SHA for SHA.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { hasTool } from "../../../fixtures/oracles.ts";
import { runSplit, runVerify } from "../src/index.ts";
import { git, matrixFromText, readCommitMap, tempDir } from "./_fixture.ts";

/** Writes commits object by object (so a merge can list one parent twice, which `git commit-tree` refuses). */
class HistoryBuilder {
  readonly repo: string;
  #clock = 0;
  constructor(repo: string) {
    this.repo = repo;
  }

  tree(files: Record<string, string>): string {
    const index = join(this.repo, ".git", "index.build");
    execFileSync("rm", ["-f", index]);
    const env = { ...process.env, GIT_INDEX_FILE: index };
    for (const [path, content] of Object.entries(files)) {
      const blob = execFileSync("git", ["hash-object", "-w", "--stdin"], { cwd: this.repo, input: `${content}\n` })
        .toString()
        .trim();
      execFileSync("git", ["update-index", "--add", "--cacheinfo", `100644,${blob},${path}`], { cwd: this.repo, env });
    }
    return execFileSync("git", ["write-tree"], { cwd: this.repo, env }).toString().trim();
  }

  commit(tree: string, parents: readonly string[], message: string): string {
    const date = `${1_700_000_000 + ++this.#clock} +0000`;
    const text = [
      `tree ${tree}`,
      ...parents.map((p) => `parent ${p}`),
      `author A <a@x> ${date}`,
      `committer A <a@x> ${date}`,
      "",
      message,
      "",
    ].join("\n");
    return execFileSync("git", ["hash-object", "-t", "commit", "-w", "--stdin", "--literally"], {
      cwd: this.repo,
      input: text,
    })
      .toString()
      .trim();
  }
}

function degenerateRepo(): string {
  const repo = join(tempDir("degen"), "repo");
  mkdirSync(repo, { recursive: true });
  git(repo, "init", "-q", "-b", "main");
  const h = new HistoryBuilder(repo);
  const base = { "other/x": "1" };
  const c1 = h.commit(h.tree({ "apps/a": "1", ...base }), [], "c1");
  const t2 = h.tree({ "apps/a": "2", ...base });
  const c2 = h.commit(t2, [c1], "c2");
  const dup = h.commit(t2, [c2, c2], "merge listing one parent twice");
  const empty = h.commit(t2, [dup], "originally empty, after the duplicate-parent merge");
  const side = h.commit(h.tree({ "apps/a": "2", "other/x": "2" }), [empty], "side: other/ only");
  const main = h.commit(h.tree({ "apps/a": "3", ...base }), [empty], "main: apps/");
  const t5 = h.tree({ "apps/a": "3", "other/x": "2" });
  const merged = h.commit(t5, [main, side], "merge side");
  const remerge = h.commit(t5, [merged, side], "empty re-merge of the already-merged side");
  const root = h.commit(h.tree({ "other/y": "1" }), [], "unrelated root, other/ only");
  const t6 = { "apps/a": "3", "other/x": "2", "other/y": "1" };
  const withRoot = h.commit(h.tree(t6), [remerge, root], "merge the unrelated root");
  const b1 = h.commit(h.tree({ ...t6, "other/b1": "1" }), [withRoot], "b1: other/ only");
  const b2 = h.commit(h.tree({ ...t6, "other/b2": "1" }), [withRoot], "b2: other/ only");
  const b3 = h.commit(h.tree({ ...t6, "apps/a": "4" }), [withRoot], "b3: apps/");
  const t7 = { ...t6, "apps/a": "4", "other/b1": "1", "other/b2": "1" };
  const octopus = h.commit(h.tree(t7), [withRoot, b1, b2, b3], "octopus, two parents collapse");
  const end = h.commit(h.tree(t7), [octopus], "originally empty, after the octopus");
  const d1 = h.commit(h.tree({ ...t7, "other/x": "3" }), [end], "d1: other/ only");
  const d2 = h.commit(h.tree({ ...t7, "other/y": "2" }), [end], "d2: other/ only");
  const t8 = { ...t7, "other/x": "3", "other/y": "2" };
  const collapsing = h.commit(h.tree(t8), [end, d1, d2], "octopus whose parents all collapse");
  const dupOctopus = h.commit(h.tree(t8), [collapsing, d1, d1], "octopus listing a collapsed parent twice");
  const final = h.commit(h.tree({ ...t8, "apps/a": "5" }), [dupOctopus], "final");
  git(repo, "update-ref", "refs/heads/main", final);
  git(repo, "update-ref", "refs/heads/side", side);
  git(repo, "reset", "-q", "--hard", "main");
  return repo;
}

describe.skipIf(!hasTool("git-filter-repo"))("degenerate merges, SHA for SHA with git-filter-repo", () => {
  let source: string;
  let out: string;
  const { matrix, text } = matrixFromText(`version: 1
targets: { a: {} }
unmapped: drop
rules:
  - { from: apps/, to: "a:apps/" }
`);

  beforeAll(async () => {
    source = degenerateRepo();
    out = join(tempDir("degen-out"), "out");
    await runSplit({ source, matrix, matrixText: text, out });
  });

  it("keeps and prunes exactly the commits git-filter-repo does, with the same SHAs", () => {
    const mirror = join(tempDir("degen-fr"), "mirror.git");
    execFileSync("git", ["clone", "--quiet", "--mirror", "--no-local", source, mirror]);
    execFileSync("git", ["filter-repo", "--force", "--quiet", "--path", "apps/"], { cwd: mirror, stdio: "pipe" });
    const theirs = readCommitMap(join(mirror, "filter-repo/commit-map"));
    const ours = readCommitMap(join(out, "a.commit-map"));
    const subject = (oid: string) => git(source, "log", "-1", "--format=%s", oid);
    const table = (map: Map<string, string>) =>
      [...map].map(([src, dst]) => `${subject(src)} → ${/^0+$/.test(dst) ? "pruned" : dst}`).sort();
    expect(table(ours)).toEqual(table(theirs));
    expect(git(join(out, "a"), "rev-parse", "refs/heads/side")).toBe(git(mirror, "rev-parse", "refs/heads/side"));
  });

  it("passes verify", async () => {
    expect((await runVerify({ source, matrix, out })).mismatches).toEqual([]);
  });
});
