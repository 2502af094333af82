import { execFileSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runSplit, runVerify } from "../src/index.ts";
import { git, matrixFromText, tempDir } from "./_fixture.ts";

const header = `version: 1
source: { url: https://example.com/src }
targets:
  a: { url: https://example.com/a }
  b: { url: https://example.com/b }
`;

/** Builds a commit from a raw tree listing (names as bytes), so tests can hold paths git's porcelain refuses. */
function commitTree(
  repo: string,
  entries: { name: Buffer; content: string }[],
  message: string,
  parent?: string,
): string {
  const lines = entries.map((e) => {
    const blob = execFileSync("git", ["hash-object", "-w", "--stdin"], { cwd: repo, input: e.content })
      .toString()
      .trim();
    return Buffer.concat([Buffer.from(`100644 blob ${blob}\t`), e.name, Buffer.from("\0")]);
  });
  const tree = execFileSync("git", ["mktree", "-z"], { cwd: repo, input: Buffer.concat(lines) })
    .toString()
    .trim();
  const env = {
    ...process.env,
    GIT_AUTHOR_NAME: "A",
    GIT_AUTHOR_EMAIL: "a@x",
    GIT_COMMITTER_NAME: "A",
    GIT_COMMITTER_EMAIL: "a@x",
    GIT_AUTHOR_DATE: "@1700000000 +0000",
    GIT_COMMITTER_DATE: "@1700000000 +0000",
  };
  return execFileSync("git", ["commit-tree", tree, ...(parent ? ["-p", parent] : []), "-m", message], {
    cwd: repo,
    env,
  })
    .toString()
    .trim();
}

function emptyRepo(): string {
  const dir = join(tempDir("hard"), "repo");
  mkdirSync(dir, { recursive: true });
  git(dir, "init", "-q", "-b", "main");
  return dir;
}

describe("hostile and unusual input", () => {
  it("carries a non-UTF-8 path through byte for byte", async () => {
    const repo = emptyRepo();
    const name = Buffer.concat([Buffer.from("caf"), Buffer.from([0xe9]), Buffer.from(".txt")]); // Latin-1 é
    const inner = commitTree(repo, [{ name, content: "x\n" }], "inner");
    const innerTree = git(repo, "rev-parse", `${inner}^{tree}`);
    const top = execFileSync("git", ["mktree"], { cwd: repo, input: `040000 tree ${innerTree}\tinfra\n` })
      .toString()
      .trim();
    const env = {
      ...process.env,
      GIT_AUTHOR_NAME: "A",
      GIT_AUTHOR_EMAIL: "a@x",
      GIT_COMMITTER_NAME: "A",
      GIT_COMMITTER_EMAIL: "a@x",
    };
    git(
      repo,
      "update-ref",
      "refs/heads/main",
      execFileSync("git", ["commit-tree", top, "-m", "latin1 name"], { cwd: repo, env }).toString().trim(),
    );
    const { matrix, text } = matrixFromText(`${header}rules:\n  - from: infra/\n    to: a:src/\n`);
    const out = join(tempDir("hard-out"), "out");
    await runSplit({ source: repo, matrix, matrixText: text, out });
    const listing = execFileSync("git", ["ls-tree", "-r", "-z", "--name-only", "refs/heads/main"], {
      cwd: join(out, "a"),
    });
    expect(listing.equals(Buffer.concat([Buffer.from("src/caf"), Buffer.from([0xe9]), Buffer.from(".txt\0")]))).toBe(
      true,
    );
    expect((await runVerify({ source: repo, matrix, out })).mismatches).toEqual([]);
  });

  it("rejects a source tree holding a .git path with a clear error, and writes nothing", async () => {
    const repo = emptyRepo();
    git(
      repo,
      "update-ref",
      "refs/heads/main",
      commitTree(repo, [{ name: Buffer.from("ok.txt"), content: "x\n" }], "ok"),
    );
    // A nested tree named .git, which `git add` would never create.
    const blob = execFileSync("git", ["hash-object", "-w", "--stdin"], { cwd: repo, input: "[core]\n" })
      .toString()
      .trim();
    const inner = execFileSync("git", ["mktree"], { cwd: repo, input: `100644 blob ${blob}\tconfig\n` })
      .toString()
      .trim();
    const outer = execFileSync("git", ["mktree"], {
      cwd: repo,
      input: `040000 tree ${inner}\t.git\n100644 blob ${blob}\tok.txt\n`,
    })
      .toString()
      .trim();
    const env = {
      ...process.env,
      GIT_AUTHOR_NAME: "A",
      GIT_AUTHOR_EMAIL: "a@x",
      GIT_COMMITTER_NAME: "A",
      GIT_COMMITTER_EMAIL: "a@x",
    };
    const evil = execFileSync("git", ["commit-tree", outer, "-p", "main", "-m", "evil"], { cwd: repo, env })
      .toString()
      .trim();
    git(repo, "update-ref", "refs/heads/main", evil);
    const { matrix, text } = matrixFromText(`${header}unmapped: a\nrules:\n  - from: docs/\n    to: b:docs/\n`);
    const out = join(tempDir("evil-out"), "out");
    await expect(runSplit({ source: repo, matrix, matrixText: text, out })).rejects.toMatchObject({
      diagnostics: [
        expect.objectContaining({ code: "unsafe-source-path", message: expect.stringContaining('".git/config"') }),
      ],
    });
    expect(() => git(out, "status")).toThrow();
  });

  it("counts signed commits and tags, and says their signatures were removed", async () => {
    const repo = emptyRepo();
    const key = join(tempDir("key"), "id");
    execFileSync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", key]);
    const cfg = [
      "-c",
      "gpg.format=ssh",
      "-c",
      `user.signingkey=${key}.pub`,
      "-c",
      "user.name=A",
      "-c",
      "user.email=a@x",
    ];
    execFileSync("sh", ["-c", "mkdir -p infra && echo 1 > infra/a.txt"], { cwd: repo });
    git(repo, "add", "-A");
    git(repo, ...cfg, "commit", "-q", "-S", "-m", "signed");
    git(repo, ...cfg, "tag", "-s", "-m", "signed tag", "v1");
    execFileSync("sh", ["-c", "echo 2 > infra/a.txt"], { cwd: repo });
    git(repo, ...cfg, "commit", "-qam", "unsigned");
    const signedSource = git(repo, "rev-parse", "HEAD~1");
    execFileSync("sh", ["-c", "echo 3 > infra/a.txt"], { cwd: repo });
    git(repo, ...cfg, "commit", "-qam", `Revert part of ${signedSource.slice(0, 10)}`);
    const { matrix, text } = matrixFromText(`${header}rules:\n  - from: infra/\n    to: a:infra/\n`);
    const out = join(tempDir("sig-out"), "out");
    const result = await runSplit({ source: repo, matrix, matrixText: text, out });
    expect(result.report.signatures).toMatchObject({
      commits: 3,
      signedCommits: 1,
      tags: 1,
      signedTags: 1,
      summary:
        "1 of 3 commits and 1 of 1 annotated tags were signed; their signatures were removed because their content changed",
    });
    expect(git(join(out, "a"), "cat-file", "commit", "main~2")).not.toContain("gpgsig");
    expect(git(join(out, "a"), "cat-file", "tag", "v1")).not.toContain("BEGIN SSH SIGNATURE");
    expect((await runVerify({ source: repo, matrix, out })).mismatches).toEqual([]);

    // --keep-signatures copies them verbatim onto the rewritten commits and tags.
    const kept = join(tempDir("sig-kept"), "out");
    const again = await runSplit({ source: repo, matrix, matrixText: text, out: kept, keepSignatures: true });
    expect(again.report.signatures.summary).toMatch(/copied verbatim \(--keep-signatures\) and no longer verify/);
    const sourceSig = git(repo, "cat-file", "commit", "main~2")
      .split("\n")
      .filter((l) => l.startsWith("gpgsig") || l.startsWith(" "))
      .join("\n");
    const targetSig = git(join(kept, "a"), "cat-file", "commit", "main~2")
      .split("\n")
      .filter((l) => l.startsWith("gpgsig") || l.startsWith(" "))
      .join("\n");
    expect(targetSig).toBe(sourceSig);
    expect(git(join(kept, "a"), "rev-parse", "main~1^")).toBe(git(join(kept, "a"), "rev-parse", "main~2"));
    expect(git(join(kept, "a"), "cat-file", "tag", "v1")).toContain("BEGIN SSH SIGNATURE");
    expect(git(join(kept, "a"), "rev-parse", "v1^{commit}")).toBe(git(join(kept, "a"), "rev-parse", "main~2"));
    // The message naming the signed commit names its final, re-signed SHA.
    expect(git(join(kept, "a"), "log", "-1", "--format=%s", "main")).toBe(
      `Revert part of ${git(join(kept, "a"), "rev-parse", "main~2").slice(0, 10)}`,
    );
    expect(git(join(kept, "a"), "fsck", "--strict", "--no-progress")).toBe("");
    expect((await runVerify({ source: repo, matrix, out: kept })).mismatches).toEqual([]);
  });

  it("moves a binary file under a split rule by blob id, whole, to the unconditional case", async () => {
    const repo = emptyRepo();
    const binary = Buffer.from([0, 1, 2, 255, 254, 10, 0]);
    const blob = execFileSync("git", ["hash-object", "-w", "--stdin"], { cwd: repo, input: binary }).toString().trim();
    const tree = execFileSync("git", ["mktree"], { cwd: repo, input: `100644 blob ${blob}\tlogo.png\n` })
      .toString()
      .trim();
    const top = execFileSync("git", ["mktree"], { cwd: repo, input: `040000 tree ${tree}\tsecurity\n` })
      .toString()
      .trim();
    const env = {
      ...process.env,
      GIT_AUTHOR_NAME: "A",
      GIT_AUTHOR_EMAIL: "a@x",
      GIT_COMMITTER_NAME: "A",
      GIT_COMMITTER_EMAIL: "a@x",
    };
    git(
      repo,
      "update-ref",
      "refs/heads/main",
      execFileSync("git", ["commit-tree", top, "-m", "bin"], { cwd: repo, env }).toString().trim(),
    );
    const { matrix, text } = matrixFromText(
      `${header}rules:\n  - from: security/\n    split:\n      - when: { kind: CiliumNetworkPolicy }\n        to: a:policies/\n      - to: b:security/\n`,
    );
    const out = join(tempDir("bin-out"), "out");
    await runSplit({ source: repo, matrix, matrixText: text, out });
    expect(git(join(out, "b"), "rev-parse", "main:security/logo.png")).toBe(blob);
  });
});

describe("commit messages that name other commits", () => {
  it("rewrites names of commits kept in the target to the target's SHAs, same length, and leaves the others", async () => {
    const repo = emptyRepo();
    const commit = (files: string, message: string) => {
      execFileSync("sh", ["-c", files], { cwd: repo });
      git(repo, "add", "-A");
      git(repo, "-c", "user.name=A", "-c", "user.email=a@x", "commit", "-q", "-m", message);
      return git(repo, "rev-parse", "HEAD");
    };
    const infra = commit("mkdir -p infra plat && echo 1 > infra/a", "infra change");
    const plat = commit("echo 1 > plat/b", "platform change");
    commit("echo 2 > infra/a", `Revert ${infra.slice(0, 10)} and see ${plat}\n\nAlso ${infra}.`);
    const { matrix, text } = matrixFromText(
      `${header}rules:\n  - from: infra/\n    to: a:src/\n  - from: plat/\n    to: b:plat/\n`,
    );
    const out = join(tempDir("names-out"), "out");
    const result = await runSplit({ source: repo, matrix, matrixText: text, out });
    // No reference needed rewriting, so there is no migration commit: main is the last rewritten commit.
    const targetInfra = git(join(out, "a"), "rev-parse", "main~1");
    expect(git(join(out, "a"), "log", "-1", "--format=%B", "main")).toBe(
      `Revert ${targetInfra.slice(0, 10)} and see ${plat}\n\nAlso ${targetInfra}.`,
    );
    expect(result.report.targets[0]!.commitNamesInMessages).toEqual({ rewritten: 2, leftAlone: 1 });
    expect((await runVerify({ source: repo, matrix, out })).mismatches).toEqual([]);
  });
});

describe("submodules, LFS attributes and symlinks after a move", () => {
  it("rewrites .gitmodules paths, reports .gitattributes patterns and symlinks the move broke, and verify still passes", async () => {
    const repo = emptyRepo();
    const lfsPointer =
      "version https://git-lfs.github.com/spec/v1\noid sha256:4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2ca24d17e2393\nsize 12345\n";
    execFileSync(
      "sh",
      [
        "-c",
        `mkdir -p infra assets/big && echo a > infra/a.txt && printf '%s' '${lfsPointer}' > assets/big/model.bin && printf '[submodule "lib"]\\n\\tpath = infra/vendor/lib\\n\\turl = https://example.com/lib.git\\n' > .gitmodules && printf 'assets/big/** filter=lfs diff=lfs merge=lfs -text\\n*.png binary\\n' > .gitattributes && ln -s ../../outside infra/escape && ln -s a.txt infra/ok`,
      ],
      { cwd: repo },
    );
    git(repo, "add", "-A");
    git(repo, "update-index", "--add", "--cacheinfo", `160000,${"2".repeat(40)},infra/vendor/lib`);
    git(repo, "-c", "user.name=A", "-c", "user.email=a@x", "commit", "-q", "-m", "everything");
    const { matrix, text } = matrixFromText(
      `${header}rules:\n  - from: infra/\n    to: a:src/\n  - from: assets/\n    to: a:media/\n  - from: .gitmodules\n    to: a:.gitmodules\n  - from: .gitattributes\n    to: a:.gitattributes\n`,
    );
    const out = join(tempDir("mods-out"), "out");
    const result = await runSplit({ source: repo, matrix, matrixText: text, out });
    const a = join(out, "a");
    expect(git(a, "show", "main:.gitmodules")).toContain("\tpath = src/vendor/lib");
    expect(git(a, "ls-tree", "main", "src/vendor/lib")).toBe(`160000 commit ${"2".repeat(40)}\tsrc/vendor/lib`);
    expect(git(a, "show", "main:media/big/model.bin")).toBe(lfsPointer.trimEnd());
    const problems = result.report.targets[0]!.unresolvedReferences;
    expect(problems).toContainEqual(
      expect.objectContaining({
        kind: "gitattributes",
        file: ".gitattributes",
        line: 1,
        reason: expect.stringContaining("Git LFS"),
      }),
    );
    expect(problems).toContainEqual(
      expect.objectContaining({ kind: "symlink", file: "src/escape", reason: "points outside the repository" }),
    );
    expect(problems.filter((p) => p.kind === "symlink")).toHaveLength(1);
    expect(result.report.targets[0]!.referencesRewritten).toContainEqual(
      expect.objectContaining({ kind: "gitmodules", before: "infra/vendor/lib", after: "src/vendor/lib" }),
    );
    expect((await runVerify({ source: repo, matrix, out })).mismatches).toEqual([]);
  });
});
