import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { materializeFixtureRepo } from "../../../fixtures/materialize.ts";
import { parseMatrix, type Matrix } from "../src/index.ts";

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");
export const MATRIX_FILE = join(ROOT, "fixtures/mixed-repo/matrix.yaml");

export function tempDir(label: string): string {
  return mkdtempSync(join(tmpdir(), `infraflux-${label}-`));
}

/** A fresh copy of the mixed fixture repository. */
export function mixedRepo(): string {
  return materializeFixtureRepo("mixed-repo", join(tempDir("src"), "repo"));
}

export function loadMatrix(file = MATRIX_FILE): { matrix: Matrix; text: string } {
  const text = readFileSync(file, "utf8");
  const result = parseMatrix("fixtures/mixed-repo/matrix.yaml", text);
  if (!result.ok) throw new Error(JSON.stringify(result.diagnostics, null, 2));
  return { matrix: result.matrix, text };
}

export function matrixFromText(text: string): { matrix: Matrix; text: string } {
  const result = parseMatrix("matrix.yaml", text);
  if (!result.ok) throw new Error(JSON.stringify(result.diagnostics, null, 2));
  return { matrix: result.matrix, text };
}

export function git(cwd: string, ...args: string[]): string {
  return execFileSync("git", args, { cwd, encoding: "utf8", maxBuffer: 1 << 28 }).trim();
}

/** The commit whose subject is exactly this (first match, all refs). */
export function commitBySubject(repo: string, subject: string): string {
  const line = git(repo, "log", "--all", "--format=%H %s")
    .split("\n")
    .find((l) => l.slice(41) === subject);
  if (!line) throw new Error(`no commit "${subject}"`);
  return line.slice(0, 40);
}

export function readCommitMap(file: string): Map<string, string> {
  return new Map(
    readFileSync(file, "utf8")
      .split("\n")
      .slice(1)
      .filter(Boolean)
      .map((l) => l.split(" ") as [string, string]),
  );
}

export function scenarios(): Record<string, { subjects: string[]; paths?: string[]; tags: string[] }> {
  return JSON.parse(readFileSync(join(ROOT, "fixtures/mixed-repo/scenarios.json"), "utf8"));
}
