import { existsSync, mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { materializeFixtureRepo } from "../../../fixtures/materialize.ts";
import { run } from "./_run.ts";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";

const ROOT = join(import.meta.dirname, "../../..");
const MATRIX = join(ROOT, "fixtures/mixed-repo/matrix.yaml");
const temp = (label: string) => mkdtempSync(join(tmpdir(), `infraflux-cli-${label}-`));

describe("infraflux split and verify from the command line", () => {
  let source: string;
  beforeAll(() => {
    source = materializeFixtureRepo("mixed-repo", join(temp("src"), "repo"));
  });

  it("lists every option with an example in --help, for the program and each command", async () => {
    const top = await run(["--help"]);
    expect(top.code).toBe(0);
    expect(top.stdout).toMatch(/split/);
    expect(top.stdout).toMatch(/verify/);
    for (const cmd of ["split", "verify"]) {
      const help = await run([cmd, "--help"]);
      expect(help.code).toBe(0);
      for (const option of ["--source", "--matrix", "--out"]) expect(help.stdout).toContain(option);
      expect(help.stdout).toMatch(/Examples?:\n\s+\$ infraflux/);
    }
    expect((await run(["split", "--help"])).stdout).toContain("--dry-run");
  });

  it("splits, then verifies, with exit code 0 and a JSON report on request", async () => {
    const out = join(temp("out"), "out");
    const split = await run(["--json", "split", "--source", source, "--matrix", MATRIX, "--out", out]);
    expect(split.code).toBe(0);
    const report = JSON.parse(split.stdout);
    expect(report.report.targets.map((t: { name: string }) => t.name)).toEqual(["infraflux", "platform-gitops"]);
    const verify = await run(["--json", "verify", "--source", source, "--matrix", MATRIX, "--out", out]);
    expect(verify.code).toBe(0);
    expect(JSON.parse(verify.stdout).ok).toBe(true);
  });

  it("exits 1 when verification finds a mismatch", async () => {
    const out = join(temp("tamper"), "out");
    expect((await run(["split", "--source", source, "--matrix", MATRIX, "--out", out])).code).toBe(0);
    // Point a commit-map entry at the wrong target commit.
    const { readFileSync } = await import("node:fs");
    const file = join(out, "infraflux.commit-map");
    const lines = readFileSync(file, "utf8").split("\n");
    const kept = lines.findIndex((l, i) => i > 0 && l && !/ 0{40}$/.test(l));
    const other = lines.findIndex((l, i) => i > kept && l && !/ 0{40}$/.test(l));
    lines[kept] = `${lines[kept]!.split(" ")[0]} ${lines[other]!.split(" ")[1]}`;
    writeFileSync(file, lines.join("\n"));
    const verify = await run(["verify", "--source", source, "--matrix", MATRIX, "--out", out]);
    expect(verify.code).toBe(1);
    expect(verify.stdout).toMatch(/mismatch \[infraflux\]/);
    expect(verify.stdout).toMatch(/verify: FAILED/);
  });

  it("plans with --dry-run without writing anything, in markdown on request", async () => {
    const out = join(temp("dry"), "out");
    const plan = await run([
      "split",
      "--source",
      source,
      "--matrix",
      MATRIX,
      "--out",
      out,
      "--dry-run",
      "--format",
      "markdown",
    ]);
    expect(plan.code).toBe(0);
    expect(plan.stdout).toMatch(/^# Split plan \(dry run\)/);
    expect(plan.stdout).toContain("| `gitops/argocd/apps/cilium/` | move | `infraflux:kubernetes/base/cilium/` |");
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(join(out, "..")).length).toBe(0);
  });

  const bad: { name: string; matrix: string; expect: RegExp }[] = [
    {
      name: "an unknown target",
      matrix:
        "version: 1\nsource: { url: x }\ntargets:\n  infraflux: { url: x }\nrules:\n  - from: a/\n    to: infraflx:a/\n",
      expect:
        /matrix\.yaml:7:9 error \[matrix-unknown-target\] unknown target "infraflx".*\n\s+hint: did you mean "infraflux"\?/,
    },
    {
      name: "a malformed matrix",
      matrix: "version: 1\nrules: [\n",
      expect: /matrix\.yaml:\d+:\d+ error \[yaml-syntax\]/,
    },
    {
      name: "a path escaping the repository",
      matrix: "version: 1\nsource: { url: x }\ntargets:\n  t: { url: x }\nrules:\n  - from: ../etc/\n    to: t:etc/\n",
      expect: /matrix\.yaml:6:11 error \[matrix-unsafe-path\]/,
    },
  ];
  for (const c of bad) {
    it(`exits 2 with file:line:col and no stack trace for ${c.name}`, async () => {
      const dir = temp("bad");
      writeFileSync(join(dir, "matrix.yaml"), c.matrix);
      const result = await run(["split", "--source", source, "--matrix", "matrix.yaml", "--out", "out"], dir);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(c.expect);
      expect(result.stderr).not.toMatch(/\n\s+at /);
      expect(existsSync(join(dir, "out"))).toBe(false);
    });
  }

  it("exits 2 for a source that is not a repository and for a non-empty --out", async () => {
    const notRepo = temp("plain");
    const r1 = await run(["split", "--source", notRepo, "--matrix", MATRIX, "--out", join(notRepo, "out")]);
    expect(r1.code).toBe(2);
    expect(r1.stderr).toMatch(/error \[source-not-a-repository\] the source is not a git repository/);
    const full = temp("full");
    mkdirSync(join(full, "out"));
    writeFileSync(join(full, "out", "keep.txt"), "mine");
    const r2 = await run(["split", "--source", source, "--matrix", MATRIX, "--out", join(full, "out")]);
    expect(r2.code).toBe(2);
    expect(r2.stderr).toMatch(/\[out-not-empty\].*\n\s+hint: pass --force/);
    expect(readdirSync(join(full, "out"))).toEqual(["keep.txt"]);
  });

  it("exits 2 on a usage error", async () => {
    expect((await run(["split", "--matrix", MATRIX])).code).toBe(2);
    expect((await run(["no-such-command"])).code).toBe(2);
  });
});

describe("infraflux verify with bad input", () => {
  it("exits 2 with a clear message for a missing source or a directory that holds no split", async () => {
    const dir = temp("verify-bad");
    const r1 = await run(["verify", "--source", join(dir, "nope"), "--matrix", MATRIX, "--out", dir]);
    expect(r1.code).toBe(2);
    expect(r1.stderr).toMatch(/\[source-missing\] the source repository does not exist/);
    const source = materializeFixtureRepo("mixed-repo", join(dir, "src"));
    const r2 = await run(["verify", "--source", source, "--matrix", MATRIX, "--out", join(dir, "empty")]);
    expect(r2.code).toBe(2);
    expect(r2.stderr).toMatch(/\[out-missing\] there is no split output here/);
  });
});
