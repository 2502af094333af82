import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { hasTool } from "../../../fixtures/oracles.ts";
import { run } from "./_run.ts";

const repo = join(import.meta.dirname, "../../..");
const work = mkdtempSync(join(tmpdir(), "infraflux-overlays-cli-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe("infraflux overlays generate", () => {
  it("writes the tree, then --check passes; an edited file is drift (exit 1); --dry-run writes nothing", async () => {
    const out = join(work, "gen");
    const first = await run(["overlays", "generate", "--spec", "fixtures/overlay-spec/spec.yaml", "--out", out], repo);
    expect(first.stderr).toBe("");
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/^wrote 80 of 80 files/);
    expect(readFileSync(join(out, "k8s/clusters/lab/infrastructure-config.yaml"), "utf8")).toContain("wait: true");

    const again = await run(["overlays", "generate", "--spec", "fixtures/overlay-spec/spec.yaml", "--out", out], repo);
    expect(again.stdout).toMatch(/^wrote 0 of 80 files .*\(80 unchanged\)/);
    expect(
      (await run(["overlays", "generate", "--spec", "fixtures/overlay-spec/spec.yaml", "--out", out, "--check"], repo))
        .code,
    ).toBe(0);

    writeFileSync(join(out, "k8s/base/infrastructure/traefik/helmrelease.yaml"), "edited\n");
    const drift = await run(
      ["overlays", "generate", "--spec", "fixtures/overlay-spec/spec.yaml", "--out", out, "--check", "--json"],
      repo,
    );
    expect(drift.code).toBe(1);
    expect(JSON.parse(drift.stdout).drift).toEqual([
      { path: "k8s/base/infrastructure/traefik/helmrelease.yaml", status: "changed" },
    ]);

    const dry = join(work, "dry");
    const listed = await run(
      [
        "overlays",
        "generate",
        "--spec",
        "fixtures/overlay-spec/spec.yaml",
        "--out",
        dry,
        "--dry-run",
        "--engine",
        "argocd",
      ],
      repo,
    );
    expect(listed.code).toBe(0);
    expect(listed.stdout).toContain(`would write ${join(dry, "argocd/clusters/lab/root.yaml")}`);
    expect(existsSync(dry)).toBe(false);
  });

  it("removes files an earlier run generated and this one does not (and --check reports them first); other files stay", async () => {
    const out = join(work, "stale");
    // A third cluster (a copy of lab) that a later run leaves out.
    const dc = join(work, "dc");
    cpSync(join(repo, "fixtures/duplicated-clusters"), dc, { recursive: true });
    cpSync(join(dc, "lab"), join(dc, "phx2"), { recursive: true });
    const three = ["lab", "phx", "phx2"].map((c) => join(dc, c));
    expect((await run(["overlays", "extract", ...three, "--out", out], repo)).code).toBe(0);
    expect(existsSync(join(out, "clusters/phx2/kustomization.yaml"))).toBe(true);
    writeFileSync(join(out, "NOTES.md"), "mine\n");
    const two = three.slice(0, 2);
    const check = await run(["overlays", "extract", ...two, "--out", out, "--check"], repo);
    expect(check.code).toBe(1);
    expect(check.stdout).toContain(`stale: ${join(out, "clusters/phx2/kustomization.yaml")}`);
    const again = await run(["overlays", "extract", ...two, "--out", out], repo);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/removed \d+ stale file\(s\)/);
    expect(existsSync(join(out, "clusters/phx2/kustomization.yaml"))).toBe(false);
    expect(readFileSync(join(out, "NOTES.md"), "utf8")).toBe("mine\n");
  });

  it("bad input exits 2 with every problem as file:line:col and no stack trace", async () => {
    const r = await run(
      [
        "overlays",
        "generate",
        "--spec",
        "fixtures/golden/overlay-gen/_error_/generate/unknown-references/input/spec.yaml",
        "--out",
        join(work, "bad"),
      ],
      repo,
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      'fixtures/golden/overlay-gen/_error_/generate/unknown-references/input/spec.yaml:14:18 error [unknown-component] cluster "lab" refers to component "metalb"',
    );
    expect(r.stderr).toMatch(/4 errors, 0 warnings/);
    expect(r.stderr).not.toMatch(/\bat .*\.ts:\d+/);
    expect(existsSync(join(work, "bad"))).toBe(false);
  });

  it("a spec with a YAML syntax error exits 2 with file:line:col, not an internal error", async () => {
    const spec = join(work, "broken-spec.yaml");
    writeFileSync(spec, "apiVersion: infraflux.dev/v1alpha1\nkind: OverlaySpec\ncomponents: [\n  - name: a\n");
    const r = await run(["overlays", "generate", "--spec", spec, "--out", join(work, "broken-out")], repo);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      new RegExp(`${spec.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}:\\d+:\\d+ error \\[invalid-yaml\\]`),
    );
    expect(r.stderr).not.toMatch(/internal error/);
    expect(existsSync(join(work, "broken-out"))).toBe(false);
  });

  it("a missing spec file exits 2", async () => {
    const r = await run(["overlays", "generate", "--spec", "nope.yaml", "--out", join(work, "x")], repo);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('spec file "nope.yaml" does not exist');
  });
});

describe.skipIf(!hasTool("kubectl"))("infraflux overlays extract", () => {
  it("writes base/ and clusters/<name>/, reports lines and verifies with kubectl kustomize", async () => {
    const out = join(work, "ex");
    const r = await run(
      [
        "overlays",
        "extract",
        "fixtures/duplicated-clusters/lab",
        "fixtures/duplicated-clusters/phx",
        "--out",
        out,
        "--verify",
      ],
      repo,
    );
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^lines: (\d+) before → (\d+) after/);
    expect(r.stdout).toContain("verified lab: kubectl kustomize output is identical to the original");
    expect(r.stdout).toContain("verified phx: kubectl kustomize output is identical to the original");
    expect(readdirSync(join(out, "clusters")).sort()).toEqual(["lab", "phx"]);
    const json = await run(
      [
        "overlays",
        "extract",
        "fixtures/duplicated-clusters/lab",
        "fixtures/duplicated-clusters/phx",
        "--out",
        out,
        "--check",
        "--json",
      ],
      repo,
    );
    expect(json.code).toBe(0);
    const report = JSON.parse(json.stdout).report;
    expect(report.linesAfter).toBeLessThan(report.linesBefore);
  });

  it.each([
    ["one cluster directory", ["fixtures/duplicated-clusters/lab"], /\[nothing-to-share\]/],
    [
      "directories without YAML",
      ["packages/cli/src", "fixtures/duplicated-clusters/lab"],
      /\[no-yaml-files\].*packages\/cli\/src/,
    ],
  ])("%s: nothing to share, exit 2, nothing written", async (_name, dirs, message) => {
    const out = join(work, `nothing-${dirs.length}`);
    const r = await run(["overlays", "extract", ...dirs, "--out", out], repo);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(existsSync(out)).toBe(false);
  });

  it("a directory that does not exist exits 2", async () => {
    const r = await run(["overlays", "extract", "fixtures/duplicated-clusters/nope", "--out", join(work, "y")], repo);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('cluster directory "fixtures/duplicated-clusters/nope" does not exist');
  });
});

describe("infraflux new-app", () => {
  it("scaffolds into the platform repo's environments, then refuses to overwrite (exit 2)", async () => {
    const root = join(work, "platform");
    for (const env of ["dev", "prod"]) mkdirSync(join(root, "environments", env), { recursive: true });
    const r = await run(["new-app", "--name", "my-app", "--type", "worker", "--root", root], repo);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(readdirSync(join(root, "environments/dev/values"))).toEqual(["my-app.yaml"]);
    expect(existsSync(join(root, "environments/staging"))).toBe(false);
    expect(readFileSync(join(root, "argocd/applicationsets/my-app.yaml"), "utf8")).toContain("- env: prod");
    const again = await run(["new-app", "--name", "my-app", "--type", "worker", "--root", root], repo);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('error [app-exists] application "my-app" already exists');
  });
});
