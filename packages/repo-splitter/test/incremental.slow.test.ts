import { readFileSync } from "node:fs";
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
  it("refuses to link commits it never processed into the targets, and names the remedy", async () => {
    const { matrix, text } = loadMatrix();
    const full = mixedRepo();
    const source = rewound(full, 3);
    const out = join(tempDir("inc-bad"), "out");
    await runSplit({ source, matrix, matrixText: text, out });
    const { writeFileSync } = await import("node:fs");
    writeFileSync(join(out, ".infraflux/infraflux.effective"), "");
    git(source, "fetch", "--quiet", full, "+refs/heads/*:refs/heads/*", "+refs/tags/*:refs/tags/*");
    await expect(runSplit({ source, matrix, matrixText: text, out })).rejects.toMatchObject({
      code: "incremental-state-mismatch",
      message: expect.stringContaining("--force"),
    });
  });
});
