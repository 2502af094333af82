import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { readRepository } from "./load.ts";
import { normalizeRepoUrl } from "./model.ts";

const root = mkdtempSync(join(tmpdir(), "infraflux-load-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("readRepository", () => {
  it("takes the repository URL from .git/config origin, skips .git, lists files and directories", async () => {
    mkdirSync(join(root, ".git"), { recursive: true });
    writeFileSync(
      join(root, ".git/config"),
      '[core]\n\tbare = false\n[remote "upstream"]\n\turl = https://x/y\n[remote "origin"]\n\turl = git@github.com:Org/infraflux.git\n\tfetch = +refs/heads/*:refs/remotes/origin/*\n',
    );
    writeFileSync(join(root, ".git/HEAD.yaml"), "a: [");
    mkdirSync(join(root, "k8s/empty"), { recursive: true });
    writeFileSync(
      join(root, "k8s/a.yaml"),
      "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: a\n---\nplain: config\n",
    );
    const repo = await readRepository({ root, label: "infraflux", role: "infrastructure" });
    expect(repo.url).toBe("github.com/Org/infraflux");
    expect([...repo.files]).toEqual(["k8s/a.yaml"]);
    expect(repo.dirs.has("k8s/empty")).toBe(true);
    expect(repo.docs.map((d) => `${d.file}#${d.index}`)).toEqual(["infraflux/k8s/a.yaml#0", "infraflux/k8s/a.yaml#1"]);
    expect(repo.objects.map((o) => `${o.kind}/${o.name}`)).toEqual(["Namespace/a"]);
    expect(repo.loadDiagnostics).toEqual([]);
  });

  it("--repo-url overrides origin", async () => {
    const repo = await readRepository({ root, label: "r", role: "unknown", repoUrl: "https://github.com/org/other/" });
    expect(repo.url).toBe("github.com/org/other");
  });
});

describe("normalizeRepoUrl", () => {
  it.each([
    ["https://github.com/org/repo.git", "github.com/org/repo"],
    ["git@github.com:org/repo.git", "github.com/org/repo"],
    ["ssh://git@github.com/org/repo", "github.com/org/repo"],
    ["https://GitHub.com/org/repo/", "github.com/org/repo"],
    ["https://user@gitlab.example.com/group/sub/repo", "gitlab.example.com/group/sub/repo"],
  ])("%s → %s", (url, expected) => expect(normalizeRepoUrl(url)).toBe(expected));
});
