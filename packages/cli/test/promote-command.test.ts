import { cpSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { run } from "./_run.ts";

const fixture = join(import.meta.dirname, "../../../fixtures/promotion-repo");
const work = mkdtempSync(join(tmpdir(), "infraflux-promote-cli-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const cli = (args: string[]) => run(args, work);

describe("infraflux promote", () => {
  const repo = join(work, "repo");
  cpSync(fixture, repo, { recursive: true });
  const prod = join(repo, "config/environments/prod.yaml");
  const original = readFileSync(prod, "utf8");

  it("--check reports what waits to be promoted (exit 1) and --dry-run writes nothing", async () => {
    const check = await cli(["promote", "--root", repo, "--from", "staging", "--to", "prod", "--check"]);
    expect(check.code).toBe(1);
    expect(check.stdout).toMatch(/promote staging → prod: 4 values/);
    const dry = await cli(["promote", "--root", repo, "--from", "staging", "--to", "prod", "--dry-run"]);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain("+++ b/terraform/environments/prod/terraform.tfvars");
    expect(readFileSync(prod, "utf8")).toBe(original);
  });

  it("writes the target environment file; then prod compiles to staging's versions and --check passes", async () => {
    const run = await cli(["promote", "--root", repo, "--from", "staging", "--to", "prod", "--path", "images.*"]);
    expect(run.code).toBe(0);
    const after = readFileSync(prod, "utf8");
    expect(after).toBe(original.replace('"10.4.1"   #', '"11.2.0"   #').replace("'2.9.6'", '"3.1.1"'));
    const rest = await cli(["promote", "--root", repo, "--from", "staging", "--to", "prod", "--json"]);
    expect(rest.code).toBe(0);
    const json = JSON.parse(rest.stdout);
    expect(json.promoted.map((p: { path: string }) => p.path)).toEqual(["cluster.version", "charts.cilium.version"]);
    expect(json.written).toBe(true);
    const check = await cli(["promote", "--root", repo, "--from", "staging", "--to", "prod", "--check"]);
    expect([check.code, check.stdout]).toEqual([0, "promote staging → prod: nothing to promote\n"]);
    const compiled = await cli(["compile", "--root", repo, "--env", "prod", "--out", join(work, "out")]);
    expect(compiled.code).toBe(0);
    expect(readFileSync(join(work, "out/terraform/environments/prod/terraform.tfvars"), "utf8")).toMatch(
      /kubernetes_version\s+= "1\.31\.2"/,
    );
  });

  it("refuses to promote against the order (exit 2, file and hint), and a path that is not promotable", async () => {
    const back = await cli(["promote", "--root", repo, "--from", "prod", "--to", "dev"]);
    expect(back.code).toBe(2);
    expect(back.stderr).toMatch(
      /config\/infraflux\.config\.yaml error \[promote-order\] promoting prod → dev goes against/,
    );
    const path = await cli(["promote", "--root", repo, "--from", "dev", "--to", "staging", "--path", "cluster.name"]);
    expect(path.code).toBe(2);
    expect(path.stderr).toContain("[promote-path] cluster.name is not promotable");
  });

  it("--app promotes an application's values file, and --format markdown renders a pull-request body", async () => {
    const gitops = join(repo, "platform-gitops");
    const result = await cli([
      "promote",
      "--root",
      gitops,
      "--app",
      "my-app",
      "--from",
      "staging",
      "--to",
      "prod",
      "--format",
      "markdown",
    ]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("### Promote staging → prod: 1 value");
    expect(result.stdout).toContain('| `image.tag` | `"v1.7.2"` | `"v1.8.0"` |  |');
    expect(readFileSync(join(gitops, "environments/prod/values/my-app.yaml"), "utf8")).toContain(
      "tag: v1.8.0 # last release before the schema migration",
    );
    const missing = await cli(["promote", "--root", gitops, "--app", "nope", "--from", "staging", "--to", "prod"]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("environments/staging/values/nope.yaml does not exist");
  });
});
