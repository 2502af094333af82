import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { hasTool } from "../../../fixtures/oracles.ts";
import { runSplit } from "../src/index.ts";
import { git, matrixFromText, mixedRepo, readCommitMap, tempDir } from "./_fixture.ts";

/** Plain directory moves per target: the part of the matrix git-filter-repo can express. */
const moves: Record<string, [string, string][]> = {
  infraflux: [
    ["terraform/", "terraform/modules/"],
    ["clusters/", "clusters/templates/"],
    ["gitops/argocd/apps/cilium/", "kubernetes/base/cilium/"],
    ["scripts/", "scripts/"],
  ],
  "platform-gitops": [
    ["gitops/argocd/apps/monitoring/", "observability/"],
    ["gitops/argocd/applications/", "argocd/applications/"],
    ["secrets/platform/", "secrets/"],
    ["docs/platform/", "docs/"],
  ],
};

const matrixText = `version: 1
source: { url: https://github.com/org/infraflux }
targets:
  infraflux: { url: https://github.com/org/infraflux }
  platform-gitops: { url: https://github.com/org/platform-gitops }
unmapped: drop
rules:
${Object.entries(moves)
  .flatMap(([target, list]) => list.map(([from, to]) => `  - from: ${from}\n    to: ${target}:${to}`))
  .join("\n")}
`;

describe.skipIf(!hasTool("git-filter-repo"))("equivalence with git-filter-repo", () => {
  let source: string;
  let out: string;

  beforeAll(async () => {
    source = mixedRepo();
    out = join(tempDir("fr-out"), "out");
    const { matrix, text } = matrixFromText(matrixText);
    await runSplit({ source, matrix, matrixText: text, out });
  });

  for (const target of Object.keys(moves)) {
    it(`keeps the same commits as git filter-repo, with identical commit and tree SHAs (${target})`, () => {
      const mirror = join(tempDir("fr"), "mirror.git");
      execFileSync("git", ["clone", "--quiet", "--mirror", "--no-local", source, mirror]);
      const args = moves[target]!.flatMap(([from, to]) => ["--path", from, "--path-rename", `${from}:${to}`]);
      execFileSync("git", ["filter-repo", "--force", "--quiet", ...args], { cwd: mirror, stdio: "pipe" });
      const theirs = readCommitMap(join(mirror, "filter-repo/commit-map"));
      const ours = readCommitMap(join(out, `${target}.commit-map`));
      const keptTheirs = [...theirs]
        .filter(([, t]) => !/^0+$/.test(t))
        .map(([s]) => s)
        .sort();
      const keptOurs = [...ours]
        .filter(([, t]) => !/^0+$/.test(t))
        .map(([s]) => s)
        .sort();
      expect(keptOurs.length).toBeGreaterThan(20);
      expect(keptOurs).toEqual(keptTheirs);
      for (const src of keptOurs) {
        const treeTheirs = git(mirror, "rev-parse", `${theirs.get(src)}^{tree}`);
        const treeOurs = git(join(out, target), "rev-parse", `${ours.get(src)}^{tree}`);
        expect(treeOurs, `tree of ${src}`).toBe(treeTheirs);
        expect(ours.get(src), `commit ${src}`).toBe(theirs.get(src));
      }
      // Merges survive where filter-repo keeps them.
      const merges = (repo: string, ref: string) =>
        git(repo, "rev-list", "--merges", ref).split("\n").filter(Boolean).length;
      expect(merges(join(out, target), "main^")).toBe(merges(mirror, "refs/heads/main"));
      expect(readFileSync(join(out, `${target}.commit-map`), "utf8").split("\n")[0]).toBe(
        readFileSync(join(mirror, "filter-repo/commit-map"), "utf8").split("\n")[0],
      );
    });
  }
});
