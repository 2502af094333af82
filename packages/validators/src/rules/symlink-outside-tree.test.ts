import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { defaultRulesConfig } from "../config.ts";
import { readRepository } from "../load.ts";
import { validateRepositories } from "../validate.ts";
import { symlinkOutsideTree } from "./symlink-outside-tree.ts";

const base = mkdtempSync(join(tmpdir(), "infraflux-symlink-"));
afterAll(() => rmSync(base, { recursive: true, force: true }));

describe("symlink-outside-tree", () => {
  it("valid: a link to a file and a directory inside the tree are followed", async () => {
    const root = join(base, "inside");
    mkdirSync(join(root, "real"), { recursive: true });
    writeFileSync(join(root, "real/a.yaml"), "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: a\n");
    symlinkSync("real/a.yaml", join(root, "link.yaml"));
    symlinkSync("real", join(root, "linkdir"));
    const repo = await readRepository({ root, label: "repo", role: "unknown" });
    expect(validateRepositories([repo], defaultRulesConfig, [], [symlinkOutsideTree]).diagnostics).toEqual([]);
    expect(repo.objects.map((o) => o.doc.rel).sort()).toEqual(["link.yaml", "real/a.yaml"]);
    expect(repo.dirs.has("linkdir")).toBe(true);
  });
  it("invalid: links leaving the tree and dangling links are reported, not followed", async () => {
    const root = join(base, "outside");
    mkdirSync(root, { recursive: true });
    writeFileSync(join(base, "secret.yaml"), "apiVersion: v1\nkind: Secret\n");
    symlinkSync("../secret.yaml", join(root, "escape.yaml"));
    symlinkSync("/etc", join(root, "etc"));
    symlinkSync("nowhere.yaml", join(root, "dangling.yaml"));
    const repo = await readRepository({ root, label: "repo", role: "unknown" });
    const found = validateRepositories([repo], defaultRulesConfig, [], [symlinkOutsideTree]).diagnostics;
    expect(found.map((d) => `${d.code} ${d.file}:${d.span?.line}:${d.span?.column}`)).toEqual([
      "symlink-outside-tree repo/dangling.yaml:1:1",
      "symlink-outside-tree repo/escape.yaml:1:1",
      "symlink-outside-tree repo/etc:1:1",
    ]);
    expect(repo.objects).toEqual([]);
  });
});
