/** Sources as real clones come: a subdirectory passed by mistake, matrices without URLs, damaged object stores. */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { EnvironmentError } from "@infraflux/diagnostics";
import { describe, expect, it } from "vitest";
import { runSplit, runVerify } from "../src/index.ts";
import { git, matrixFromText, tempDir } from "./_fixture.ts";

const FIXED = ["-c", "user.name=A", "-c", "user.email=a@x", "-c", "commit.gpgsign=false"] as const;

/** A small repository: apps/ and docs/, three commits. */
function smallRepo(): string {
  const repo = join(tempDir("real"), "repo");
  mkdirSync(join(repo, "apps", "web"), { recursive: true });
  mkdirSync(join(repo, "docs"), { recursive: true });
  git(repo, "init", "-q", "-b", "main");
  const commit = (file: string, text: string, message: string) => {
    mkdirSync(dirname(join(repo, file)), { recursive: true });
    writeFileSync(join(repo, file), text);
    git(repo, "add", "-A");
    git(repo, ...FIXED, "commit", "-q", "-m", message);
  };
  commit("apps/web/deploy.yaml", "kind: Deployment\n", "web");
  commit("docs/readme.md", "# docs\n", "docs");
  commit("apps/web/deploy.yaml", "kind: Deployment\nmetadata: { name: web }\n", "name web");
  return repo;
}

const MATRIX = `version: 1
source: { url: https://example.com/src }
targets:
  a: { url: https://example.com/a }
  b: { url: https://example.com/b }
rules:
  - { from: apps/, to: "a:apps/" }
  - { from: docs/, to: "b:docs/" }
`;

describe("--source must be the top level of a repository", () => {
  it("refuses a subdirectory, naming the repository's top level, and writes nothing", async () => {
    const repo = smallRepo();
    const { matrix, text } = matrixFromText(MATRIX);
    const out = join(tempDir("sub-out"), "out");
    await expect(runSplit({ source: join(repo, "apps"), matrix, matrixText: text, out })).rejects.toMatchObject({
      diagnostics: [
        expect.objectContaining({
          code: "source-not-top-level",
          message: expect.stringContaining(realpathSync(repo)),
        }),
      ],
    });
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(dirname(out))).toEqual([]);
    await expect(runVerify({ source: join(repo, "apps", "web"), matrix, out })).rejects.toMatchObject({
      diagnostics: [expect.objectContaining({ code: "source-not-top-level" })],
    });
  });

  it("still accepts the top level given with a trailing slash", async () => {
    const repo = smallRepo();
    const { matrix, text } = matrixFromText(MATRIX);
    const out = join(tempDir("top-out"), "out");
    const result = await runSplit({ source: `${repo}/`, matrix, matrixText: text, out });
    expect(result.report.targets.map((t) => t.commitsKept)).toEqual([2, 1]);
  });
});

describe("URLs are optional in the matrix", () => {
  it("splits with `targets: { a: {} }` and no source url; the report says URL rewriting was skipped", async () => {
    const repo = smallRepo();
    const { matrix, text } = matrixFromText(`version: 1
targets: { a: {}, b: { url: https://example.com/b } }
rules:
  - { from: apps/, to: "a:apps/" }
  - { from: docs/, to: "b:docs/" }
`);
    expect(matrix.sourceUrl).toBe(undefined);
    const out = join(tempDir("nourl-out"), "out");
    const { report } = await runSplit({ source: repo, matrix, matrixText: text, out });
    expect(report.urlsMissing).toEqual(["source", "a"]);
    expect(report.targets.map((t) => [t.name, t.url, t.commitsKept])).toEqual([
      ["a", undefined, 2],
      ["b", "https://example.com/b", 1],
    ]);
    const markdown = readFileSync(join(out, "report.md"), "utf8");
    expect(markdown).toContain("Source: (no url in the matrix)");
    expect(markdown).toContain(
      "Repository URLs not given in the matrix: source, a. Argo CD `repoURL` rewriting is skipped for them.",
    );
    expect((await runVerify({ source: repo, matrix, out })).mismatches).toEqual([]);
  });
});

describe("the migration commit", () => {
  it("is not made when no reference needed rewriting; the report says so and verify passes", async () => {
    const repo = smallRepo();
    const { matrix, text } = matrixFromText(MATRIX);
    const out = join(tempDir("nomig-out"), "out");
    const { report } = await runSplit({ source: repo, matrix, matrixText: text, out });
    expect(report.targets.map((t) => t.migrationCommit)).toEqual([undefined, undefined]);
    expect(git(join(out, "a"), "log", "--format=%s", "main")).toBe("name web\nweb");
    expect(git(join(out, "b"), "log", "--format=%s", "main")).toBe("docs");
    const markdown = readFileSync(join(out, "report.md"), "utf8");
    expect(markdown).toContain(
      "## References rewritten in a\n\nNone: no references needed rewriting, so there is no migration commit.",
    );
    expect((await runVerify({ source: repo, matrix, out })).mismatches).toEqual([]);
  });
});

/** fast-import commands for commits `from`..`to` of a linear history, each changing one file under apps/ and one under docs/. */
function historyStream(from: number, to: number): string {
  const chunks: string[] = [];
  for (let i = from; i <= to; i++) {
    const message = `c${i}\n`;
    chunks.push(`commit refs/heads/main\nmark :${i}\ncommitter A <a@x> ${1_700_000_000 + i} +0000\n`);
    chunks.push(
      `data ${message.length}\n${message}${i > 1 ? `from ${i === from ? "refs/heads/main^0" : `:${i - 1}`}\n` : ""}`,
    );
    for (const path of [`apps/f${i % 50}.yaml`, `docs/d${i % 40}.md`]) {
      const content = `v${i} ${path}\n`.repeat(8);
      chunks.push(`M 100644 inline ${path}\ndata ${content.length}\n${content}`);
    }
    chunks.push("\n");
  }
  return chunks.join("");
}

/**
 * A `count`-commit history whose blob `apps/f5.yaml` of commit 5 is missing from the object store (as in a damaged
 * clone). The first ten commits are imported on their own and unpacked, so removing one object stays cheap.
 */
function repoWithMissingBlob(count: number): { repo: string; blob: string } {
  const repo = join(tempDir("gen"), "repo");
  mkdirSync(repo, { recursive: true });
  git(repo, "init", "-q", "-b", "main");
  execFileSync("git", ["fast-import", "--quiet"], { cwd: repo, input: historyStream(1, 10) });
  const blob = git(repo, "rev-parse", "main~5:apps/f5.yaml");
  const packDir = join(repo, ".git", "objects", "pack");
  for (const pack of readdirSync(packDir).filter((f) => f.endsWith(".pack"))) {
    const bytes = readFileSync(join(packDir, pack));
    rmSync(join(packDir, pack));
    rmSync(join(packDir, pack.replace(/\.pack$/, ".idx")));
    execFileSync("git", ["unpack-objects", "-q"], { cwd: repo, input: bytes });
  }
  rmSync(join(repo, ".git", "objects", blob.slice(0, 2), blob.slice(2)));
  execFileSync("git", ["fast-import", "--quiet"], { cwd: repo, input: historyStream(11, count) });
  return { repo, blob };
}

describe("sources with missing objects", () => {
  it("a blob missing in a 5,000-commit history: exit-2 error naming the object and its path, nothing left beside --out", {
    timeout: 300_000,
  }, async () => {
    const { repo, blob } = repoWithMissingBlob(5000);
    const { matrix, text } = matrixFromText(MATRIX);
    const parent = tempDir("miss-out");
    const out = join(parent, "out");
    const error = await runSplit({ source: repo, matrix, matrixText: text, out }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(EnvironmentError);
    expect(error).toMatchObject({ code: "source-objects-missing" });
    expect((error as Error).message).toContain(blob);
    expect((error as Error).message).toContain("apps/f5.yaml");
    expect((error as Error).message).not.toContain("crash report");
    expect(readdirSync(parent)).toEqual([]);
  });

  it("refuses shallow and partial clones up front, with the remedy", async () => {
    const repo = smallRepo();
    git(repo, "config", "uploadpack.allowFilter", "true");
    const { matrix, text } = matrixFromText(MATRIX);
    const shallow = join(tempDir("shallow"), "clone");
    git(dirname(shallow), "clone", "-q", "--depth", "1", `file://${repo}`, shallow);
    await expect(
      runSplit({ source: shallow, matrix, matrixText: text, out: join(tempDir("o"), "out") }),
    ).rejects.toMatchObject({ diagnostics: [expect.objectContaining({ code: "source-shallow" })] });
    const partial = join(tempDir("partial"), "clone");
    git(dirname(partial), "clone", "-q", "--filter=blob:none", `file://${repo}`, partial);
    await expect(
      runSplit({ source: partial, matrix, matrixText: text, out: join(tempDir("o"), "out") }),
    ).rejects.toMatchObject({ diagnostics: [expect.objectContaining({ code: "source-partial" })] });
  });
});
