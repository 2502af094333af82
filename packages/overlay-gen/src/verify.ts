import { EnvironmentError } from "@infraflux/diagnostics";
import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative, resolve, sep } from "node:path";
import type { FileChange } from "./emit.ts";
import { writeTwoPhase } from "@infraflux/file-output";

export interface ClusterVerification {
  readonly cluster: string;
  readonly identical: boolean;
  /** First differing line (1-based) of the two builds, when they differ. */
  readonly firstDifference?: { readonly line: number; readonly original: string; readonly overlay: string };
}

/**
 * The extraction guarantee, checked with the real kustomize: for every cluster, `kubectl kustomize` of the planned
 * overlay prints exactly what `kubectl kustomize` prints for the original directory (wrapped in a generated
 * kustomization listing its YAML files when it has none). IO: writes to a temporary directory, runs kubectl.
 */
export function runVerifyExtraction(
  changes: readonly FileChange[],
  clusters: readonly { readonly name: string; readonly dir: string }[],
  cwd: string,
): ClusterVerification[] {
  const root = mkdtempSync(join(tmpdir(), "infraflux-verify-"));
  try {
    writeTwoPhase(join(root, "out"), changes);
    return clusters.map((c) => {
      const original = runKustomizeOriginal(resolve(cwd, c.dir), join(root, "orig", c.name));
      const overlay = runKustomize(join(root, "out", "clusters", c.name));
      return compareBuilds(c.name, original, overlay);
    });
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

function compareBuilds(cluster: string, original: string, overlay: string): ClusterVerification {
  if (original === overlay) return { cluster, identical: true };
  const a = original.split("\n");
  const b = overlay.split("\n");
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  return {
    cluster,
    identical: false,
    firstDifference: { line: i + 1, original: a[i] ?? "<end>", overlay: b[i] ?? "<end>" },
  };
}

export function runKustomize(dir: string): string {
  const r = spawnSync("kubectl", ["kustomize", dir], { encoding: "utf8", maxBuffer: 256 * 1024 * 1024 });
  if (r.error)
    throw new EnvironmentError("kubectl-missing", "kubectl is needed to verify overlays (kubectl kustomize)", {
      cause: r.error,
    });
  if (r.status !== 0)
    throw new EnvironmentError("kustomize-failed", `kubectl kustomize ${dir} failed: ${r.stderr.trim()}`);
  return r.stdout;
}

function runKustomizeOriginal(dir: string, scratch: string): string {
  const entries = readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile());
  if (entries.some((e) => e.name === "kustomization.yaml" && e.parentPath === dir)) return runKustomize(dir);
  cpSync(dir, scratch, { recursive: true });
  const files = entries
    .filter((e) => /\.ya?ml$/.test(e.name) && e.name !== ".sops.yaml" && e.name !== ".sops.yml")
    .map((e) => relative(dir, join(e.parentPath, e.name)).split(sep).join("/"))
    .sort();
  writeFileSync(join(scratch, "kustomization.yaml"), `resources:\n${files.map((f) => `  - ${f}`).join("\n")}\n`);
  return runKustomize(scratch);
}
