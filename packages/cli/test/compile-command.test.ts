import { execFileSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runCli } from "../src/main.ts";

const fixture = join(import.meta.dirname, "../../../fixtures/config-repo");
const errors = join(import.meta.dirname, "../../../fixtures/golden/config-compiler/_error_");
const work = mkdtempSync(join(tmpdir(), "infraflux-compile-cli-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

async function cli(args: string[], envVars: Record<string, string> = {}) {
  let stdout = "";
  let stderr = "";
  const code = await runCli(args, {
    cwd: work,
    envVars,
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
  });
  return { code, stdout, stderr };
}

/** Every SOPS ciphertext (and its decoded plaintext sentinel) in the fixture's secrets/ and the secret error cases. */
function sopsCiphertexts(repo: string): string[] {
  const dirs = [join(repo, "secrets"), join(errors, "secret-reference/input/secrets")];
  const texts = dirs.flatMap((d) =>
    readdirSync(d, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => readFileSync(join(e.parentPath, e.name), "utf8")),
  );
  return texts.flatMap((t) =>
    [...t.matchAll(/ENC\[AES256_GCM,data:([^,]+),/g)].flatMap((m) => [
      m[1]!,
      Buffer.from(m[1]!, "base64").toString("utf8"),
    ]),
  );
}

describe("infraflux compile", () => {
  const repo = join(work, "repo");
  cpSync(fixture, repo, { recursive: true });

  it("writes every output, then --check passes (exit 0), then drift is reported with a diff (exit 1)", async () => {
    const out = join(work, "out");
    const first = await cli(["compile", "--root", repo, "--all", "--out", out]);
    expect(first.stderr).toBe("");
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/compiled prod: 11 files \(11 written, 0 unchanged\)/);
    expect(first.stdout).toMatch(/the pipeline must set TF_VAR_proxmox_password/);
    expect(readFileSync(join(out, "terraform/environments/prod/terraform.tfvars"), "utf8")).toMatch(
      /^cilium_config = \{$/m,
    );

    const clean = await cli(["compile", "--root", repo, "--all", "--out", out, "--check"]);
    expect(clean.code).toBe(0);
    expect(clean.stdout).toMatch(/up to date: 33 generated files/);

    const tfvars = join(out, "terraform/environments/staging/terraform.tfvars");
    writeFileSync(
      tfvars,
      readFileSync(tfvars, "utf8").replace(
        'network_policies       = "default-deny"',
        'network_policies       = "allow-all"',
      ),
    );
    const drift = await cli(["compile", "--root", repo, "--all", "--out", out, "--check"]);
    expect(drift.code).toBe(1);
    expect(drift.stdout).toContain("drifted: terraform/environments/staging/terraform.tfvars");
    expect(drift.stdout).toContain(
      '-  network_policies       = "allow-all"\n+  network_policies       = "default-deny"',
    );
    expect(drift.stdout).toMatch(/1 of 33 generated files differ/);

    const again = await cli(["compile", "--root", repo, "--all", "--out", out]);
    expect(again.stdout).toMatch(/compiled staging: 11 files \(1 written, 10 unchanged\)/);

    // Outputs of an environment that no longer exists are stale: --check --all reports them (exit 1), found in the
    // manifest of generated files; a file nobody generated is never stale. compile --all removes them.
    const qa = join(repo, "config/environments/qa.yaml");
    cpSync(join(repo, "config/environments/dev.yaml"), qa);
    expect((await cli(["compile", "--root", repo, "--all", "--out", out])).code).toBe(0);
    rmSync(qa);
    writeFileSync(join(out, "terraform/environments/NOTES.md"), "mine\n");
    const stale = await cli(["compile", "--root", repo, "--all", "--out", out, "--check"]);
    expect(stale.code).toBe(1);
    expect(stale.stdout).toContain(
      "stale (its environment no longer exists; delete it): terraform/environments/qa/terraform.tfvars",
    );
    expect(stale.stdout).not.toContain("NOTES.md");
    const one = await cli(["compile", "--root", repo, "--env", "dev", "--out", out, "--check"]);
    expect(one.code).toBe(0);
    const dry = await cli(["compile", "--root", repo, "--all", "--out", out, "--dry-run"]);
    expect(dry.stdout).toContain(`# would remove ${join(out, "terraform/environments/qa/terraform.tfvars")}`);
    expect(existsSync(join(out, "terraform/environments/qa/terraform.tfvars"))).toBe(true);
    const cleaned = await cli(["compile", "--root", repo, "--all", "--out", out]);
    expect(cleaned.stdout).toContain("removed terraform/environments/qa/terraform.tfvars");
    expect(existsSync(join(out, "terraform/environments/qa/terraform.tfvars"))).toBe(false);
    expect(readFileSync(join(out, "terraform/environments/NOTES.md"), "utf8")).toBe("mine\n");
    expect((await cli(["compile", "--root", repo, "--all", "--out", out, "--check"])).code).toBe(0);
  });

  it("--dry-run prints the final config and writes nothing; --provenance annotates each value", async () => {
    const dry = await cli([
      "compile",
      "--config",
      join(repo, "config"),
      "--env",
      "prod",
      "--dry-run",
      "--out",
      join(work, "never"),
    ]);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain("proxmox_password: !secret env://TF_VAR_proxmox_password");
    expect(dry.stdout).toMatch(/# would write .*never\/terraform\/environments\/prod\/terraform.tfvars/);
    const prov = await cli(["compile", "--root", repo, "--env", "prod", "--provenance"]);
    expect(prov.stdout).toMatch(/count: 5 # config\/templates\/large\.yaml:\d+:\d+ \(template\)/);
    expect(prov.stdout).toMatch(/bgp: true # config\/environments\/prod\.yaml:\d+:\d+ \(environment\)/);
  });

  it("--json reports files and required variables", async () => {
    const r = await cli(["--json", "compile", "--root", repo, "--env", "dev", "--dry-run"]);
    const json = JSON.parse(r.stdout) as {
      ok: boolean;
      environments: { env: string; files: string[]; requiredVariables: { name: string }[] }[];
    };
    expect(json.ok).toBe(true);
    expect(json.environments[0]!.files).toContain("terraform/environments/dev/terraform.tfvars.json");
    expect(json.environments[0]!.requiredVariables.map((v) => v.name)).toEqual(["TF_VAR_proxmox_password"]);
  });

  it("bad input exits 2 with every diagnostic at file:line:col and no stack trace", async () => {
    const r = await cli([
      "compile",
      "--root",
      join(errors, "many-errors/input"),
      "--env",
      "prod",
      "-c",
      join(errors, "many-errors/input/custom.yaml"),
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      'config/environments/prod.yaml:5:3 error [unknown-key] "networking.cilum" is not defined by the defaults. Did you mean "cilium"?',
    );
    expect(r.stderr).toContain("config/templates/small.yaml:3:12 error [type-mismatch]");
    expect(r.stderr).toContain("custom.yaml:5:5 error [duplicate-key]");
    expect(r.stderr).toMatch(/4 errors, 0 warnings/);
    expect(r.stderr).not.toMatch(/at .*\.ts:\d+/);
  });

  it("--check --format markdown prints a pull-request summary with a graph and the diff folded; exit 1 on drift", async () => {
    const out = join(work, "out-md");
    await cli(["compile", "--root", repo, "--all", "--out", out]);
    const clean = await cli(["compile", "--root", repo, "--all", "--out", out, "--check", "--format", "markdown"]);
    expect(clean.code).toBe(0);
    expect(clean.stdout).toMatch(/^## Generated config: up to date \(33 files\)$/m);
    expect(clean.stdout).not.toContain("<details>");
    rmSync(join(out, "kubernetes/overlays/dev/cilium/values.yaml"));
    const drift = await cli(["compile", "--root", repo, "--all", "--out", out, "--check", "--format", "markdown"]);
    expect(drift.code).toBe(1);
    expect(drift.stdout).toContain("| dev | 11 | 0 | 1 | ❌ out of date |");
    expect(drift.stdout).toContain("| staging | 11 | 0 | 0 | ✅ up to date |");
    expect(drift.stdout).toContain("### dev\n\n```mermaid\nflowchart LR\n");
    expect(drift.stdout).toMatch(/\| `kubernetes\/overlays\/dev\/cilium\/values.yaml` \| missing \| \+\d+ −0 \|/);
    expect(drift.stdout).toContain(
      "<details><summary>Diff of 1 file in dev</summary>\n\n```diff\n--- /dev/null\n+++ b/kubernetes/overlays/dev/cilium/values.yaml\n",
    );
    const misuse = await cli(["compile", "--root", repo, "--env", "dev", "--format", "markdown"]);
    expect(misuse.code).toBe(2);
    expect(misuse.stderr).toContain("--format markdown goes with --check");
  });

  it("Helm values reference the existing Secret by name and key; no secret content reaches any output or log", async () => {
    const sealed = sopsCiphertexts(repo);
    expect(sealed.length).toBeGreaterThan(4);
    const out = join(work, "out-secrets");
    const runs = [
      await cli(["compile", "--root", repo, "--all", "--out", out]),
      await cli(["--json", "compile", "--root", repo, "--all", "--out", out, "--check"]),
      await cli(["compile", "--root", repo, "--env", "prod", "--dry-run"]),
      await cli(["--verbose", "compile", "--root", repo, "--env", "prod", "--provenance"]),
      await cli(["compile", "--root", join(errors, "secret-reference/input"), "--env", "prod"]),
      await cli(["compile", "--root", join(errors, "secret-placeholder/input"), "--env", "prod"]),
    ];
    expect(runs.map((r) => r.code)).toEqual([0, 0, 0, 0, 2, 2]);
    expect(runs[0]!.stdout).toContain(
      "grafana reads secret secrets.grafana_admin_password from the existing Secret grafana-admin-prod (key admin-password): admin.existingSecret=grafana-admin-prod, admin.passwordKey=admin-password",
    );
    expect(runs[4]!.stderr).toMatch(/secret-name-encrypted/);
    expect(runs[5]!.stderr).toMatch(
      /values\.yaml:4:16 error \[secret-in-values\][^\n]*\n {2}hint: [^\n]*outputs\.helm\[0\]\.secrets/,
    );
    expect(readFileSync(join(out, "kubernetes/overlays/dev/grafana/values.yaml"), "utf8")).toMatch(
      /^ {2}existingSecret: grafana-admin\n/m,
    );
    const files = readdirSync(out, { recursive: true, withFileTypes: true }).filter((e) => e.isFile());
    const outputs = files.map((e) => readFileSync(join(e.parentPath, e.name), "utf8"));
    // 33 outputs plus the manifest of generated files (for stale-file detection).
    expect(files.map((e) => e.name).filter((n) => n !== ".infraflux-compiled")).toHaveLength(33);
    for (const text of [...outputs, ...runs.flatMap((r) => [r.stdout, r.stderr])]) {
      for (const c of sealed) expect(text).not.toContain(c);
      expect(text).not.toMatch(/ENC\[|SENTINEL/);
    }
  });

  it("a missing environment exits 2 with a suggestion", async () => {
    const r = await cli(["compile", "--root", repo, "--env", "prdo"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/environment "prdo" has no file config\/environments\/prdo.yaml. Did you mean "prod"\?/);
  });
});

describe("infraflux compile --affected", () => {
  it("lists the environments whose outputs differ from a git ref, with their files; bad refs exit 2", async () => {
    const repo = join(work, "affected-repo");
    cpSync(fixture, repo, { recursive: true });
    const git = (...args: string[]) =>
      execFileSync("git", ["-c", "user.name=t", "-c", "user.email=t@example.com", ...args], { cwd: repo });
    git("init", "-q");
    git("add", "-A");
    git("commit", "-qm", "base");
    expect((await cli(["compile", "--root", repo, "--affected"])).stdout).toBe(
      "0 environment(s) affected since HEAD\n",
    );

    const dev = join(repo, "config/environments/dev.yaml");
    writeFileSync(dev, readFileSync(dev, "utf8").replace("  id: 1\n", "  id: 11\n"));
    const one = await cli(["--json", "compile", "--root", repo, "--affected", "--base", "HEAD"]);
    expect(one.code).toBe(0);
    const json = JSON.parse(one.stdout) as { environments: { env: string; status: string; files: string[] }[] };
    expect(json.environments.map((e) => [e.env, e.status])).toEqual([["dev", "changed"]]);
    expect(json.environments[0]!.files).toContain("terraform/environments/dev/terraform.tfvars");

    cpSync(dev, join(repo, "config/environments/qa.yaml"));
    const human = await cli(["compile", "--root", repo, "--affected"]);
    expect(human.stdout).toMatch(/^changed dev\n/);
    expect(human.stdout).toContain("added qa\n  build/qa/final-config.yaml\n");
    expect(human.stdout).toContain("2 environment(s) affected since HEAD");

    const bad = await cli(["compile", "--root", repo, "--affected", "--base", "no-such-ref"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("[unknown-ref] --base no-such-ref is not a commit");
  });
});

describe("infraflux explain", () => {
  const repo = join(work, "repo");

  it("prints the final value and the chain of layers with positions", async () => {
    const r = await cli([
      "explain",
      "--root",
      repo,
      "--env",
      "prod",
      "-c",
      join(repo, "custom/prod-hotfix.yaml"),
      "compute.workers.count",
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      [
        "compute.workers.count (environment prod) = 7",
        "  1. config/defaults/00-base.yaml:22:12 [defaults] set 1",
        "  2. config/templates/large.yaml:9:12 [template] override 5",
        "  3. custom/prod-hotfix.yaml:4:12 [custom] override 7",
        "",
      ].join("\n"),
    );
  });

  it("--json, unset keys, and exit 1 for a key that is not set", async () => {
    const r = await cli(["--json", "explain", "--root", repo, "--env", "dev", "networking.cilium.extra_args"]);
    expect(r.code).toBe(1);
    const json = JSON.parse(r.stdout) as {
      found: boolean;
      steps: { action: string; file: string; span: { line: number } }[];
    };
    expect(json.found).toBe(false);
    expect(json.steps.map((s) => [s.action, s.file])).toEqual([
      ["set", "config/defaults/10-networking.yaml"],
      ["unset", "config/environments/dev.yaml"],
    ]);
  });
});
