import { existsSync, mkdirSync, rmSync, symlinkSync, writeFileSync, chmodSync } from "node:fs";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { runSplit, runVerify } from "../src/index.ts";
import { git, matrixFromText, readCommitMap, tempDir } from "./_fixture.ts";

/** A small repository built commit by commit; each step writes/deletes files then commits. */
function repo(
  steps: {
    message: string;
    write?: Record<string, string>;
    remove?: string[];
    link?: Record<string, string>;
    exec?: string[];
  }[],
): string {
  const dir = join(tempDir("edge"), "repo");
  mkdirSync(dir, { recursive: true });
  git(dir, "init", "-q", "-b", "main");
  let time = 1_700_000_000;
  for (const step of steps) {
    for (const [path, content] of Object.entries(step.write ?? {})) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), content);
    }
    for (const [path, target] of Object.entries(step.link ?? {})) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      symlinkSync(target, join(dir, path));
    }
    for (const path of step.exec ?? []) chmodSync(join(dir, path), 0o755);
    for (const path of step.remove ?? []) rmSync(join(dir, path));
    git(dir, "add", "-A");
    time += 60;
    const env = `${time} +0000`;
    git(
      dir,
      "-c",
      "user.name=Edge Case",
      "-c",
      "user.email=edge@example.com",
      "-c",
      `core.hooksPath=/dev/null`,
      "commit",
      "-q",
      "--allow-empty",
      "-m",
      step.message,
      `--date=${env}`,
    );
  }
  return dir;
}

const header = `version: 1
source: { url: https://example.com/src }
targets:
  a: { url: https://example.com/a }
  b: { url: https://example.com/b }
`;

describe("edge cases", () => {
  it("handles deletes then re-adds, empty commits, unmapped-only commits, symlinks, modes and odd paths", async () => {
    const source = repo([
      {
        message: "add",
        write: {
          "infra/x.yaml": "x: 1\n",
          "plat/y.yaml": "y: 1\n",
          "infra/with space/ü.md": "hi\n",
          "infra/run.sh": "#!/bin/sh\n",
        },
      },
      { message: "link", link: { "infra/current": "with space" } },
      { message: "exec", exec: ["infra/run.sh"] },
      { message: "delete", remove: ["infra/x.yaml"] },
      { message: "empty" },
      { message: "re-add", write: { "infra/x.yaml": "x: 1\n" } },
      { message: "only unmapped", write: { "junk/z.txt": "z\n" } },
      { message: "both", write: { "infra/x.yaml": "x: 2\n", "plat/y.yaml": "y: 2\n" } },
    ]);
    const { matrix, text } = matrixFromText(
      `${header}unmapped: drop\nrules:\n  - from: infra/\n    to: "a:"\n  - from: plat/\n    to: b:platform/\n`,
    );
    const out = join(tempDir("edge-out"), "out");
    const result = await runSplit({ source, matrix, matrixText: text, out });
    expect((await runVerify({ source, matrix, out })).mismatches).toEqual([]);
    const a = join(out, "a");
    expect(git(a, "log", "--format=%s", "refs/heads/main")).toBe(
      ["both", "re-add", "empty", "delete", "exec", "link", "add"].join("\n"),
    );
    // As with git-filter-repo, an originally empty commit is kept unless its parent was pruned.
    expect(git(join(out, "b"), "log", "--format=%s", "refs/heads/main")).toBe(["both", "add"].join("\n"));
    expect(git(a, "ls-tree", "main", "current")).toMatch(/^120000 blob/);
    expect(git(a, "ls-tree", "main", "run.sh")).toMatch(/^100755 blob/);
    expect(git(a, "-c", "core.quotepath=false", "ls-files")).toContain("with space/ü.md");
    expect(result.report.droppedPaths.map((d) => d.path)).toEqual(["junk/z.txt"]);
  });

  it("passes gitlinks (submodules) through as mode 160000 entries", async () => {
    const source = repo([{ message: "add", write: { "infra/a.txt": "a\n" } }]);
    git(source, "update-index", "--add", "--cacheinfo", `160000,${"1".repeat(40)},infra/vendor/lib`);
    git(source, "-c", "user.name=E", "-c", "user.email=e@x", "commit", "-q", "-m", "submodule");
    const { matrix, text } = matrixFromText(`${header}unmapped: drop\nrules:\n  - from: infra/\n    to: a:src/\n`);
    const out = join(tempDir("gitlink-out"), "out");
    await runSplit({ source, matrix, matrixText: text, out });
    expect(git(join(out, "a"), "ls-tree", "main", "src/vendor/lib")).toBe(
      `160000 commit ${"1".repeat(40)}\tsrc/vendor/lib`,
    );
    expect((await runVerify({ source, matrix, out })).mismatches).toEqual([]);
  });

  it("refuses two source paths that land on one target path, naming both rules and the commit, and writes nothing", async () => {
    const source = repo([
      { message: "first", write: { "one/x.yaml": "1\n" } },
      { message: "second", write: { "two/x.yaml": "2\n" } },
    ]);
    const { matrix, text } = matrixFromText(
      `${header}rules:\n  - from: one/\n    to: a:same/\n  - from: two/\n    to: a:same/\n`,
    );
    const out = join(tempDir("collide"), "out");
    const second = git(source, "rev-parse", "main");
    await expect(runSplit({ source, matrix, matrixText: text, out })).rejects.toMatchObject({
      diagnostics: [
        expect.objectContaining({
          code: "target-path-collision",
          span: { line: 9, column: 1 },
          message: `"one/x.yaml" (rule at line 7) and "two/x.yaml" (rule at line 9) both land on a:same/x.yaml, first in commit ${second.slice(0, 12)}`,
        }),
      ],
    });
    expect(existsSync(out)).toBe(false);
    await expect(runSplit({ source, matrix, matrixText: text, out, dryRun: true })).rejects.toMatchObject({
      diagnostics: [expect.objectContaining({ code: "target-path-collision" })],
    });
  });

  it("does not call a rename between two paths with the same destination a collision", async () => {
    const source = repo([
      { message: "first", write: { "one/x.yaml": "1\n" } },
      { message: "rename", write: { "two/x.yaml": "1\n" }, remove: ["one/x.yaml"] },
    ]);
    const { matrix, text } = matrixFromText(
      `${header}rules:\n  - from: one/\n    to: a:same/\n  - from: two/\n    to: a:same/\n`,
    );
    const out = join(tempDir("rename"), "out");
    const result = await runSplit({ source, matrix, matrixText: text, out });
    expect(result.report.targets[0]!.commitsKept).toBe(1);
    expect(readCommitMap(join(out, "a.commit-map")).size).toBe(2);
  });

  it("warns about a rule that nests its own destination, with the rule that avoids it, and about case-only differences", async () => {
    const source = repo([
      {
        message: "add",
        write: {
          "clusters/small/cluster.yaml": "a\n",
          "clusters/templates/base.yaml": "b\n",
          "docs/README.md": "r\n",
          "docs/readme.md": "r\n",
        },
      },
    ]);
    const { matrix, text } = matrixFromText(
      `${header}rules:\n  - from: clusters/\n    to: a:clusters/templates/\n  - from: docs/\n    to: b:docs/\n`,
    );
    const result = await runSplit({
      source,
      matrix,
      matrixText: text,
      out: join(tempDir("nest"), "out"),
      dryRun: true,
    });
    expect(result.report.warnings).toEqual([
      {
        code: "suspicious-nesting",
        line: 7,
        message:
          'rule "clusters/" → "a:clusters/templates/" (line 7) nests paths that already hold "templates/": "clusters/templates/base.yaml" becomes "clusters/templates/templates/base.yaml"',
        suggestion: "- from: clusters/templates/\n  to: a:clusters/templates/",
      },
      expect.objectContaining({
        code: "case-conflict",
        message: expect.stringContaining('b: "docs/README.md" and "docs/readme.md" differ only by letter case'),
      }),
    ]);
  });
});

describe("split files", () => {
  it("carry a mode-only change to every target that holds a share", async () => {
    const source = repo([
      { message: "add", write: { "sec/p.yaml": "kind: CiliumNetworkPolicy\n---\nkind: NetworkPolicy\n" } },
      { message: "exec", exec: ["sec/p.yaml"] },
    ]);
    const { matrix, text } = matrixFromText(
      `${header}rules:\n  - from: sec/\n    split:\n      - when: { kind: CiliumNetworkPolicy }\n        to: a:policies/\n      - to: b:policies/\n`,
    );
    const out = join(tempDir("mode-out"), "out");
    await runSplit({ source, matrix, matrixText: text, out });
    for (const target of ["a", "b"]) {
      expect(git(join(out, target), "log", "--format=%s", "refs/heads/main")).toBe("exec\nadd");
      expect(git(join(out, target), "ls-tree", "main", "policies/p.yaml")).toMatch(/^100755 blob/);
    }
    expect((await runVerify({ source, matrix, out })).mismatches).toEqual([]);
  });
});
