import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runCli } from "../main.ts";

const fixtures = join(import.meta.dirname, "../../../../fixtures/validate");
const tmp = mkdtempSync(join(tmpdir(), "infraflux-validate-cli-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

async function run(args: string[], cwd: string) {
  let stdout = "";
  let stderr = "";
  const code = await runCli(args, {
    cwd,
    envVars: {},
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
  });
  return { code, stdout, stderr };
}

const urls = ["--repo-url", "https://github.com/org/infraflux", "--repo-url", "https://github.com/org/platform-gitops"];

describe("infraflux validate", () => {
  it("exits 0 on the clean fixture and prints the summary", async () => {
    const r = await run(["validate", ...urls, "infraflux", "platform-gitops"], join(fixtures, "clean"));
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/0 errors, 0 warnings, 4 info — 2 repositories/);
    expect(r.stdout).not.toContain("no schema:"); // IPAddressPool is checked against the metallb CRD in the tree
  });

  it("exits 1 with findings grouped by file (human)", async () => {
    const r = await run(["validate", ...urls, "infraflux", "platform-gitops"], join(fixtures, "catalogue"));
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(
      "infraflux/k8s/clusters/lab/flux.yaml:55:13 error [flux-depends-on-cycle] dependsOn cycle: Kustomization phase-a -> phase-c -> phase-b -> phase-a",
    );
  });

  it("--format json and --json give the same machine-readable report", async () => {
    const a = await run(
      ["validate", "--format", "json", ...urls, "infraflux", "platform-gitops"],
      join(fixtures, "catalogue"),
    );
    const b = await run(["--json", "validate", ...urls, "infraflux", "platform-gitops"], join(fixtures, "catalogue"));
    expect(a.code).toBe(1);
    expect(a.stdout).toBe(b.stdout);
    const json = JSON.parse(a.stdout) as { ok: boolean; summary: { errors: number } };
    expect(json.ok).toBe(false);
    expect(json.summary.errors).toBeGreaterThan(40);
  });

  it("--format sarif prints SARIF 2.1.0", async () => {
    const r = await run(["validate", "--format", "sarif", "infraflux"], join(fixtures, "clean"));
    expect(r.code).toBe(0);
    expect((JSON.parse(r.stdout) as { version: string }).version).toBe("2.1.0");
  });

  it("--rules re-grades and disables rules (exit follows the new severities)", async () => {
    const rules = join(tmp, "rules.yaml");
    writeFileSync(rules, "rules:\n  secret-not-encrypted: warning\n  sops-creation-rule-coverage: off\n");
    writeFileSync(join(tmp, "s.yaml"), "apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\nstringData:\n  k: v\n");
    const without = await run(["validate", "."], tmp);
    expect(without.code).toBe(1);
    const r = await run(["validate", "--rules", rules, "."], tmp);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("s.yaml:5:1 warning [secret-not-encrypted]");
    expect(r.stdout).not.toContain("sops-creation-rule-coverage");
  });

  it("validates a single file (validate FILE.yaml): its findings, its exit code", async () => {
    const r = await run(["validate", "infraflux/broken/workloads.yaml"], join(fixtures, "catalogue"));
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("infraflux/broken/workloads.yaml:");
    expect(r.stdout).toMatch(/— 1 repository, 1 files/);
  });

  it("exits 2 on a missing directory, an unknown format and an invalid rules file, with positions", async () => {
    expect((await run(["validate", "does-not-exist"], tmp)).code).toBe(2);
    expect((await run(["validate", "--format", "xml", "."], tmp)).code).toBe(2);
    writeFileSync(join(tmp, "bad-rules.yaml"), "rules:\n  secret-not-encrypte: off\nboundary: {}\n");
    const r = await run(["validate", "--rules", "bad-rules.yaml", "."], tmp);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("bad-rules.yaml:3:1 error [rules-file-invalid]");
  });
});
