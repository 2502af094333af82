import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative, sep } from "node:path";
import type { FileChange } from "@infraflux/overlay-gen";
import { afterAll } from "vitest";

const created: string[] = [];
afterAll(() => {
  for (const dir of created.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** Writes file changes under a fresh temporary directory and returns it. */
export function writeTemp(changes: readonly FileChange[], prefix = "overlay-gen-"): string {
  const root = mkdtempSync(join(tmpdir(), prefix));
  created.push(root);
  for (const c of changes) {
    mkdirSync(dirname(join(root, c.path)), { recursive: true });
    writeFileSync(join(root, c.path), c.content);
  }
  return root;
}

/** `kubectl kustomize DIR`; throws with kustomize's message when the build fails. */
export function kustomize(dir: string): string {
  const r = spawnSync("kubectl", ["kustomize", dir], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`kubectl kustomize ${dir} failed: ${r.stderr}`);
  return r.stdout;
}

/** Builds an original cluster directory: as is when it has a kustomization, else wrapped in one listing its files. */
export function kustomizeOriginal(dir: string): string {
  const files = readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile());
  if (files.some((e) => e.name === "kustomization.yaml")) return kustomize(dir);
  const copy = mkdtempSync(join(tmpdir(), "overlay-gen-orig-"));
  created.push(copy);
  cpSync(dir, copy, { recursive: true });
  const yamls = files
    .filter((e) => /\.ya?ml$/.test(e.name) && !/^\.sops\.ya?ml$/.test(e.name))
    .map((e) => relative(dir, join(e.parentPath, e.name)).split(sep).join("/"))
    .sort();
  writeFileSync(join(copy, "kustomization.yaml"), `resources:\n${yamls.map((f) => `  - ${f}`).join("\n")}\n`);
  return kustomize(copy);
}
