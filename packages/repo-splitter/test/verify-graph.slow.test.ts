/**
 * verify sees the graph: a target rewired with git plumbing, branches moved back, or a commit-map
 * edited by hand must fail verification with a message that names what is wrong.
 */
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { runSplit, runVerify } from "../src/index.ts";
import { git, loadMatrix, mixedRepo, tempDir } from "./_fixture.ts";

describe("verify checks the shape of each target's history", () => {
  const { matrix, text } = loadMatrix();
  let source: string;
  let pristine: string;

  beforeAll(async () => {
    source = mixedRepo();
    pristine = join(tempDir("out"), "out");
    await runSplit({ source, matrix, matrixText: text, out: pristine });
  });

  /** A copy of the split output to tamper with. */
  function copyOut(): string {
    const out = join(tempDir("tampered"), "out");
    execFileSync("cp", ["-a", pristine, out]);
    return out;
  }

  const problems = async (out: string) => {
    const result = await runVerify({ source, matrix, out });
    expect(result.ok).toBe(false);
    return result.mismatches.map((m) => `${m.target}: ${m.problem}`);
  };

  it("fails when a merge loses its second parent", async () => {
    const out = copyOut();
    const repo = join(out, "infraflux");
    const merge = git(repo, "rev-list", "--merges", "-1", "HEAD");
    const first = git(repo, "rev-parse", `${merge}^1`);
    // Rewrite the merge without its second parent, then every descendant onto it (plumbing only).
    git(repo, "replace", "--graft", merge, first);
    const descendants = git(repo, "rev-list", "--reverse", "--topo-order", `${merge}..main`)
      .split("\n")
      .filter(Boolean);
    const rewritten = new Map<string, string>();
    const rewrite = (oid: string): string => {
      const body = git(repo, "cat-file", "commit", oid);
      const fixed = body.replace(/^parent ([0-9a-f]{40})$/gm, (line, p: string) =>
        rewritten.has(p) ? `parent ${rewritten.get(p)}` : line,
      );
      const next = execFileSync("git", ["hash-object", "-t", "commit", "-w", "--stdin"], {
        cwd: repo,
        input: `${fixed}\n`,
      })
        .toString()
        .trim();
      rewritten.set(oid, next);
      return next;
    };
    rewrite(merge);
    git(repo, "replace", "-d", merge);
    for (const d of descendants) rewrite(d);
    git(repo, "update-ref", "refs/heads/main", rewritten.get(descendants.at(-1) ?? merge)!);
    const mapFile = join(out, "infraflux.commit-map");
    let map = readFileSync(mapFile, "utf8");
    for (const [from, to] of rewritten) map = map.replaceAll(` ${from}\n`, ` ${to}\n`);
    writeFileSync(mapFile, map);
    const found = await problems(out);
    expect(found.join("\n")).toMatch(/infraflux: parents [0-9a-f]{12} are not the mapped source parents /);
  });

  it("fails when every branch is moved back three commits", async () => {
    const out = copyOut();
    const repo = join(out, "platform-gitops");
    for (const ref of git(repo, "for-each-ref", "--format=%(refname)", "refs/heads").split("\n"))
      git(repo, "update-ref", ref, `${ref}~3`);
    const found = (await problems(out)).join("\n");
    expect(found).toMatch(/platform-gitops: refs\/heads\/main points at [0-9a-f]{40}, expected [0-9a-f]{12}/);
    expect(found).toMatch(/platform-gitops: kept commit is not reachable from the target's refs/);
    expect(found).toMatch(/the migration commit is not the tip of refs\/heads\/main/);
  });

  it("fails when the commit-map was edited by hand", async () => {
    const out = copyOut();
    const mapFile = join(out, "infraflux.commit-map");
    const lines = readFileSync(mapFile, "utf8").split("\n");
    const i = lines.findLastIndex((l) => /^[0-9a-f]{40} (?!0{40})[0-9a-f]{40}$/.test(l));
    const [src] = lines[i]!.split(" ");
    lines[i] = `${src} ${"0".repeat(40)}`;
    writeFileSync(mapFile, lines.join("\n"));
    const found = (await problems(out)).join("\n");
    expect(found).toMatch(/commit reachable in the target is neither in the commit-map nor the migration commit/);
  });

  it("fails when a commit in the middle of history lost a file (only its changes are compared there)", async () => {
    const out = copyOut();
    const repo = join(out, "infraflux");
    const commits = git(repo, "rev-list", "--no-merges", "main").split("\n");
    const victim = commits[Math.floor(commits.length / 2)]!;
    const file = git(repo, "ls-tree", "-r", "--name-only", victim).split("\n")[0]!;
    const env = { ...process.env, GIT_INDEX_FILE: join(repo, ".git", "index.tamper") };
    execFileSync("git", ["read-tree", victim], { cwd: repo, env });
    execFileSync("git", ["rm", "--cached", "-q", file], { cwd: repo, env });
    const tree = execFileSync("git", ["write-tree"], { cwd: repo, env }).toString().trim();
    const body = git(repo, "cat-file", "commit", victim).replace(/^tree [0-9a-f]{40}$/m, `tree ${tree}`);
    const forged = execFileSync("git", ["hash-object", "-t", "commit", "-w", "--stdin"], {
      cwd: repo,
      input: `${body}\n`,
    })
      .toString()
      .trim();
    git(repo, "replace", victim, forged);
    const found = (await problems(out)).join("\n");
    expect(found).toMatch(
      new RegExp(
        `tree differs from the mapped source tree: (changes )?${file.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")} `,
      ),
    );
  });
});
