import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseMatrix, type Matrix } from "@infraflux/repo-splitter";

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");

export function tempDir(label: string): string {
  return mkdtempSync(join(tmpdir(), `infraflux-${label}-`));
}

export function loadMatrix(file: string): { matrix: Matrix; text: string } {
  const text = readFileSync(file, "utf8");
  const result = parseMatrix(relative(ROOT, file), text);
  if (!result.ok) throw new Error(JSON.stringify(result.diagnostics, null, 2));
  return { matrix: result.matrix, text };
}

export function git(cwd: string, ...args: string[]): string {
  return execFileSync("git", args, { cwd, encoding: "utf8", maxBuffer: 1 << 28 }).trim();
}
