import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { expectGoldenFiles } from "../../../fixtures/golden.ts";
import { runSplit, runVerify, type SplitResult } from "../src/index.ts";
import { commitBySubject, git, loadMatrix, mixedRepo, readCommitMap, ROOT, scenarios, tempDir } from "./_fixture.ts";

/** A fingerprint of everything under .git plus the work tree status: the source must not change. */
function fingerprint(repo: string): string {
  const hash = createHash("sha256");
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const p = join(dir, name);
      const s = statSync(p);
      if (s.isDirectory()) walk(p);
      else hash.update(p).update(readFileSync(p));
    }
  };
  walk(join(repo, ".git"));
  hash.update(git(repo, "status", "--porcelain"));
  return hash.digest("hex");
}

describe("split of the mixed fixture repository", () => {
  let source: string;
  let out: string;
  let result: SplitResult;
  let before: string;
  const { matrix, text } = loadMatrix();
  const s = scenarios();

  beforeAll(async () => {
    source = mixedRepo();
    before = fingerprint(source);
    out = join(tempDir("out"), "out");
    result = await runSplit({ source, matrix, matrixText: text, out });
  });

  it("never modifies the source repository", () => {
    expect(fingerprint(source)).toBe(before);
  });

  it("writes normal repositories with the default branch checked out, and git fsck is clean", () => {
    for (const target of ["infraflux", "platform-gitops"]) {
      const repo = join(out, target);
      expect(git(repo, "symbolic-ref", "--short", "HEAD")).toBe("main");
      expect(git(repo, "status", "--porcelain")).toBe("");
      expect(git(repo, "fsck", "--strict", "--no-progress")).toBe("");
      expect(existsSync(join(repo, ".git/objects/info/alternates"))).toBe(false);
      expect(git(repo, "log", "-1", "--format=%s")).toBe(
        `chore(migration): rewrite references for the ${target} layout`,
      );
    }
  });

  it("passes the independent verification", async () => {
    const verified = await runVerify({ source, matrix, out });
    expect(verified.mismatches).toEqual([]);
    expect(verified.targets.map((t) => t.commitsChecked)).toEqual([167, 167]);
    expect(verified.pathsAccounted).toBeGreaterThan(100);
  });

  it("matches the golden report, commit-maps and tree listings", () => {
    const files = new Map<string, string>();
    files.set("report.md", readFileSync(join(out, "report.md"), "utf8"));
    for (const target of ["infraflux", "platform-gitops"]) {
      files.set(`${target}.commit-map`, readFileSync(join(out, `${target}.commit-map`), "utf8"));
      files.set(`${target}.tree.txt`, git(join(out, target), "ls-tree", "-r", "--full-tree", "HEAD"));
      files.set(
        `${target}.refs.txt`,
        git(join(out, target), "for-each-ref", "--format=%(objectname) %(objecttype) %(refname)"),
      );
    }
    expectGoldenFiles(join(ROOT, "fixtures/golden/repo-splitter/mixed-repo"), files);
  });

  it("keeps authors, committers, dates, encodings and messages byte for byte", () => {
    const map = readCommitMap(join(out, "platform-gitops.commit-map"));
    let compared = 0;
    for (const [src, tgt] of map) {
      if (/^0+$/.test(tgt)) continue;
      const strip = (t: string) =>
        t
          .split("\n")
          .filter((l) => !/^(tree|parent) /.test(l))
          .join("\n");
      expect(strip(git(join(out, "platform-gitops"), "cat-file", "commit", tgt))).toBe(
        strip(git(source, "cat-file", "commit", src)),
      );
      compared++;
    }
    expect(compared).toBe(result.report.targets[1]!.commitsKept);
  });

  it("moves SOPS files, scripts, symlinks and non-ASCII paths byte for byte with their modes", () => {
    const blob = (repo: string, rev: string, path: string) => git(repo, "ls-tree", rev, "--", path);
    const infra = join(out, "infraflux");
    const platform = join(out, "platform-gitops");
    const [srcSops, dstSops] = [
      blob(source, "main", "secrets/infrastructure/talos-secrets.sops.yaml"),
      blob(infra, "main", "configs/secrets/talos-secrets.sops.yaml"),
    ];
    expect(dstSops.split(/\s/)[2]).toBe(srcSops.split(/\s/)[2]);
    expect(blob(infra, "main", "scripts/bootstrap/bootstrap.sh")).toMatch(/^100755 blob/);
    expect(blob(infra, "main", "docs/current")).toMatch(/^120000 blob/);
    expect(blob(platform, "main", "docs/current")).toBe(""); // the matrix keeps the symlink with the docs it points at
    expect(git(platform, "-c", "core.quotepath=false", "ls-files")).toContain("docs/platform/Übersicht-Betrieb.md");
    expect(git(infra, "ls-files")).toContain("docs/infrastructure/Proxmox Node Setup.md");
  });

  it("divides the multi-document policy file between the repositories by kind", () => {
    const infra = readFileSync(join(out, "infraflux/kubernetes/policies/network-policies.yaml"), "utf8");
    const platform = readFileSync(join(out, "platform-gitops/security/policies/network-policies.yaml"), "utf8");
    const kinds = (t: string) => [...t.matchAll(/^kind: (\S+)/gm)].map((m) => m[1]);
    expect(new Set(kinds(infra))).toEqual(new Set(["CiliumNetworkPolicy", "CiliumClusterwideNetworkPolicy"]));
    expect(kinds(platform).some((k) => k!.startsWith("Cilium"))).toBe(false);
    expect(kinds(platform).length).toBeGreaterThan(0);
    const sourceKinds = kinds(git(source, "show", "main:gitops/argocd/apps/security/manifests/network-policies.yaml"));
    expect(kinds(infra).length + kinds(platform).length).toBe(sourceKinds.length);
  });

  it("collapses the merge whose feature side is platform-only in infraflux, and keeps it a merge in platform-gitops", () => {
    const subject = s["merge-platform-only-side"]!.subjects.find((x) => x.startsWith("Merge"))!;
    const merge = commitBySubject(source, subject);
    const infraTarget = readCommitMap(join(out, "infraflux.commit-map")).get(merge)!;
    const platformTarget = readCommitMap(join(out, "platform-gitops.commit-map")).get(merge)!;
    expect(git(source, "rev-list", "--parents", "-n1", merge).split(" ")).toHaveLength(3);
    if (!/^0+$/.test(infraTarget))
      expect(git(join(out, "infraflux"), "rev-list", "--parents", "-n1", infraTarget).split(" ").length).toBeLessThan(
        3,
      );
    expect(git(join(out, "platform-gitops"), "rev-list", "--parents", "-n1", platformTarget).split(" ")).toHaveLength(
      3,
    );
  });

  it("keeps annotated tags annotated and lightweight tags lightweight, and keeps branches", () => {
    for (const target of ["infraflux", "platform-gitops"]) {
      const repo = join(out, target);
      expect(git(repo, "cat-file", "-t", "v1.0.0")).toBe("tag");
      expect(git(repo, "cat-file", "-t", "v0.9.0")).toBe("commit");
      expect(git(repo, "for-each-ref", "--format=%(refname)", "refs/heads")).toBe(
        "refs/heads/main\nrefs/heads/release/1.x",
      );
    }
  });

  it("prunes the commit that touches only dropped paths everywhere, and lists the dropped path", () => {
    const commit = commitBySubject(source, s["drop-only-commit"]!.subjects[0]!);
    for (const target of ["infraflux", "platform-gitops"])
      expect(readCommitMap(join(out, `${target}.commit-map`)).get(commit)).toMatch(/^0{40}$/);
    expect(result.report.droppedPaths.map((d) => d.path)).toContain(".drone.yml");
  });

  it("rewrites references in the migration commit and reports the one that crosses repositories", () => {
    const infra = result.report.targets[0]!;
    const platform = result.report.targets[1]!;
    expect(infra.referencesRewritten).toContainEqual(
      expect.objectContaining({
        kind: "flux",
        before: "./clusters/production",
        after: "./clusters/workloads/production",
      }),
    );
    expect(infra.referencesRewritten).toContainEqual(
      expect.objectContaining({
        kind: "terraform",
        file: "terraform/modules/proxmox-cluster/main.tf",
        before: "./modules/proxmox",
        after: "../proxmox",
      }),
    );
    expect(platform.referencesRewritten).toContainEqual(
      expect.objectContaining({
        kind: "argocd",
        file: "argocd/applications/monitoring.yaml",
        before: "gitops/argocd/apps/monitoring",
        after: "observability",
      }),
    );
    expect(platform.referencesRewritten).toContainEqual(
      expect.objectContaining({
        kind: "kustomize",
        file: "observability/kustomization.yaml",
        before: "../cilium/hubble-rules",
        after: "hubble-rules",
      }),
    );
    // A moved file alone in its new directory is referenced as a directory, with a generated kustomization (load restrictor).
    expect(platform.referencesRewritten).toContainEqual(
      expect.objectContaining({
        file: "observability/kustomization.yaml",
        before: "ingress.yaml",
        after: "../networking/ingress/monitoring",
      }),
    );
    expect(platform.generatedFiles).toContain("networking/ingress/monitoring/kustomization.yaml");
    expect(platform.unresolvedReferences).toEqual([]);
    const flux = readFileSync(join(out, "infraflux/clusters/management/flux/production-sync.yaml"), "utf8");
    expect(flux).toContain("path: ./clusters/workloads/production");
    // The rewritten Terraform module source resolves in the new tree.
    const tf = readFileSync(join(out, "infraflux/terraform/modules/proxmox-cluster/main.tf"), "utf8");
    for (const m of tf.matchAll(/source\s*=\s*"(\.[^"]+)"/g))
      expect(existsSync(join(out, "infraflux/terraform/modules/proxmox-cluster", m[1]!))).toBe(true);
  });

  it("leaves repositories the validators accept without a single error or warning (the clean fixture of the validators)", async () => {
    const { runValidation } = await import("@infraflux/validators");
    const report = await runValidation({
      dirs: [join(out, "infraflux"), join(out, "platform-gitops")],
      cwd: out,
      repoUrls: ["https://github.com/org/infraflux", "https://github.com/org/platform-gitops"],
    });
    const findings = report.diagnostics
      .filter((d) => d.severity !== "info")
      .map((d) => `${d.code} ${d.file?.replace(/^.*?out\//, "")}:${d.span?.line}`);
    expect(findings).toEqual([]);
  });

  it("reports a reference that now crosses into the other repository (without the matrix row that keeps it together)", async () => {
    const variant = text.replace(
      / {2}- from: gitops\/argocd\/apps\/cilium\/hubble-rules\/\n {4}to: [^\n]+\n {4}action: move\n/,
      "",
    );
    expect(variant).not.toBe(text);
    const { matrixFromText } = await import("./_fixture.ts");
    const m = matrixFromText(variant);
    const crossed = join(tempDir("cross"), "out");
    const result = await runSplit({ source, matrix: m.matrix, matrixText: m.text, out: crossed });
    expect(result.report.targets[1]!.unresolvedReferences).toContainEqual(
      expect.objectContaining({
        file: "observability/kustomization.yaml",
        reference: "../cilium/hubble-rules",
        reason: "now lives in the infraflux repository at kubernetes/base/cilium/hubble-rules",
      }),
    );
    expect(readFileSync(join(crossed, "platform-gitops/observability/kustomization.yaml"), "utf8")).toContain(
      "- ../cilium/hubble-rules",
    );
  });

  it("splits a fresh clone (other branches only as origin/*) into the same repositories", async () => {
    const clone = join(tempDir("clone"), "repo");
    git(source, "clone", "--quiet", "--no-local", source, clone);
    expect(git(clone, "for-each-ref", "--format=%(refname)", "refs/heads")).toBe("refs/heads/main");
    const cloned = join(tempDir("clone-out"), "out");
    await runSplit({ source: clone, matrix, matrixText: text, out: cloned });
    for (const target of ["infraflux", "platform-gitops"]) {
      const refs = (dir: string) => git(join(dir, target), "for-each-ref", "--format=%(objectname) %(refname)");
      expect(refs(cloned)).toBe(refs(out));
    }
  });

  it("is deterministic: a second split gives identical SHAs", async () => {
    const again = join(tempDir("out2"), "out");
    await runSplit({ source, matrix, matrixText: text, out: again });
    for (const target of ["infraflux", "platform-gitops"]) {
      expect(readFileSync(join(again, `${target}.commit-map`), "utf8")).toBe(
        readFileSync(join(out, `${target}.commit-map`), "utf8"),
      );
      expect(git(join(again, target), "rev-parse", "HEAD")).toBe(git(join(out, target), "rev-parse", "HEAD"));
    }
  });

  it("refuses a non-empty --out without --force, and writes nothing", async () => {
    const mtime = statSync(join(out, "report.md")).mtimeMs;
    const other = loadMatrix();
    await expect(
      runSplit({ source, matrix: other.matrix, matrixText: `${other.text}\n# changed\n`, out }),
    ).rejects.toMatchObject({ diagnostics: [expect.objectContaining({ code: "out-not-empty" })] });
    expect(statSync(join(out, "report.md")).mtimeMs).toBe(mtime);
  });
});
