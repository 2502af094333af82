/** Sources as real clones come: a subdirectory passed by mistake, matrices without URLs, damaged object stores. */
import { existsSync, mkdirSync, readdirSync, readFileSync, realpathSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
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
