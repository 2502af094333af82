import { InputError } from "@infraflux/diagnostics";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runSplit, runVerify } from "../src/index.ts";
import { git, loadMatrix, mixedRepo, readCommitMap, tempDir } from "./_fixture.ts";

/** Rewinds every ref of a copy of the fixture to what existed `back` commits before main's tip. */
function rewound(full: string, back: number): string {
  const old = join(tempDir("old"), "repo");
  git(full, "clone", "--quiet", "--mirror", "--no-local", full, `${old}.git`);
  git(`${old}.git`, "config", "--unset", "remote.origin.mirror");
  const cut = git(`${old}.git`, "rev-parse", `main~${back}`);
  for (const line of git(`${old}.git`, "for-each-ref", "--format=%(refname) %(objectname) %(*objectname)").split(
    "\n",
  )) {
    const [ref, oid, peeled] = line.split(" ");
    const commit = peeled || oid!;
    if (git(`${old}.git`, "merge-base", commit, cut) !== commit) git(`${old}.git`, "update-ref", "-d", ref!);
  }
  git(`${old}.git`, "update-ref", "refs/heads/main", cut);
  return `${old}.git`;
}

describe("incremental split", () => {
  it("after new source commits, adds only them, keeps earlier SHAs and equals a fresh split", async () => {
    const { matrix, text } = loadMatrix();
    const full = mixedRepo();
    const source = rewound(full, 15);
    const out = join(tempDir("inc"), "out");
    const first = await runSplit({ source, matrix, matrixText: text, out });
    const before = new Map(
      ["infraflux", "platform-gitops"].map((t) => [t, readCommitMap(join(out, `${t}.commit-map`))]),
    );

    // The source advances: fetch the rest of the history.
    git(source, "fetch", "--quiet", full, "+refs/heads/*:refs/heads/*", "+refs/tags/*:refs/tags/*");
    const second = await runSplit({ source, matrix, matrixText: text, out });
    expect(second.incremental).toBe(true);
    expect(second.newCommits).toBeGreaterThanOrEqual(15);
    expect(second.newCommits).toBeLessThan(first.newCommits);

    const fresh = join(tempDir("fresh"), "out");
    await runSplit({ source, matrix, matrixText: text, out: fresh });
    for (const target of ["infraflux", "platform-gitops"]) {
      const after = readCommitMap(join(out, `${target}.commit-map`));
      for (const [src, tgt] of before.get(target)!) expect(after.get(src)).toBe(tgt);
      expect(
        readFileSync(join(out, `${target}.commit-map`), "utf8")
          .split("\n")
          .sort(),
      ).toEqual(
        readFileSync(join(fresh, `${target}.commit-map`), "utf8")
          .split("\n")
          .sort(),
      );
      const refs = (dir: string) => git(join(dir, target), "for-each-ref", "--format=%(objectname) %(refname)");
      expect(refs(out)).toBe(refs(fresh));
      expect(git(join(out, target), "status", "--porcelain")).toBe("");
      expect(git(join(out, target), "fsck", "--strict", "--no-progress")).toBe("");
    }
    expect((await runVerify({ source, matrix, out })).mismatches).toEqual([]);
  });
});

describe("incremental split with damaged state", () => {
  /** A split of the fixture three commits behind, then the source advanced to its full history. */
  async function splitThenAdvance(name: string) {
    const { matrix, text } = loadMatrix();
    const full = mixedRepo();
    const source = rewound(full, 3);
    const out = join(tempDir(name), "out");
    await runSplit({ source, matrix, matrixText: text, out });
    git(source, "fetch", "--quiet", full, "+refs/heads/*:refs/heads/*", "+refs/tags/*:refs/tags/*");
    return { source, out, rerun: () => runSplit({ source, matrix, matrixText: text, out }) };
  }

  const mismatchIn = (file: string) => ({
    diagnostics: expect.arrayContaining([
      expect.objectContaining({
        code: "incremental-state-mismatch",
        file: expect.stringContaining(file),
        hint: expect.stringContaining("--force"),
      }),
    ]),
  });

  it("refuses an emptied state map as an input error naming the file that disagrees and the remedy", async () => {
    const { out, rerun } = await splitThenAdvance("inc-bad");
    writeFileSync(join(out, ".infraflux/infraflux.effective"), "");
    await expect(rerun()).rejects.toBeInstanceOf(InputError);
    await expect(rerun()).rejects.toMatchObject(mismatchIn("infraflux.commit-map"));
  });

  it("detects a commit-map edited by hand (a commit mapped to a commit the target does not hold)", async () => {
    const { out, rerun } = await splitThenAdvance("inc-map");
    const file = join(out, "platform-gitops.commit-map");
    const lines = readFileSync(file, "utf8").split("\n");
    const kept = lines.findIndex((l, i) => i > 0 && l && !l.endsWith("0".repeat(40)));
    lines[kept] = `${lines[kept]!.slice(0, 40)} ${"1".repeat(40)}`;
    writeFileSync(file, lines.join("\n"));
    const before = git(join(out, "platform-gitops"), "rev-parse", "HEAD");
    await expect(rerun()).rejects.toMatchObject(mismatchIn("platform-gitops.commit-map"));
    expect(git(join(out, "platform-gitops"), "rev-parse", "HEAD")).toBe(before);
  });

  it("detects a state whose remembered tips are not in the target's refs", async () => {
    const { out, rerun } = await splitThenAdvance("inc-tips");
    const file = join(out, ".infraflux/state.json");
    const state = JSON.parse(readFileSync(file, "utf8"));
    const tips = state.rewrittenTips.infraflux as Record<string, string>;
    const [ref] = Object.keys(tips);
    tips[ref!] = "2".repeat(40);
    writeFileSync(file, JSON.stringify(state));
    await expect(rerun()).rejects.toMatchObject(mismatchIn(".infraflux/state.json"));
  });
});

describe("incremental re-run with nothing new", () => {
  it("adds nothing and does not say any rule matched nothing", async () => {
    const { matrix, text } = loadMatrix();
    const source = mixedRepo();
    const out = join(tempDir("inc-noop"), "out");
    const first = await runSplit({ source, matrix, matrixText: text, out });
    const again = await runSplit({ source, matrix, matrixText: text, out });
    expect(again.incremental).toBe(true);
    expect(again.newCommits).toBe(0);
    expect(again.report.unusedRules).toEqual(first.report.unusedRules);
  });
});
