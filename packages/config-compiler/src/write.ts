import { EnvironmentError } from "@infraflux/diagnostics";
import { existsSync, globSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, sep } from "node:path";
import type { FileChange } from "./compile.ts";
import { unifiedDiff } from "./diff.ts";

export interface FileDrift {
  readonly path: string;
  /** `stale`: an output of an environment that no longer exists (found with `--all`). */
  readonly status: "missing" | "changed" | "stale";
  readonly diff: string;
}

/** Compares changes with the files under `outDir`; returns the drifted ones with a unified diff. */
export function readDrift(outDir: string, changes: readonly FileChange[]): FileDrift[] {
  const drift: FileDrift[] = [];
  for (const c of changes) {
    const abs = join(outDir, c.path);
    const current = existsSync(abs) ? readFileSync(abs, "utf8") : undefined;
    if (current === c.content) continue;
    drift.push({
      path: c.path,
      status: current === undefined ? "missing" : "changed",
      diff: unifiedDiff(current ?? "", c.content, current === undefined ? "/dev/null" : `a/${c.path}`, `b/${c.path}`),
    });
  }
  return drift;
}

/**
 * Outputs left behind by environments that no longer exist: every generated path is turned into a
 * pattern by putting `*` where its environment's name stands as a whole segment, and files on disk
 * matching a pattern with another name there are stale. Only meaningful when every environment was compiled.
 */
export function readStaleOutputs(
  outDir: string,
  changes: readonly { readonly env: string; readonly path: string }[],
): FileDrift[] {
  const envs = new Set(changes.map((c) => c.env));
  const generated = new Set(changes.map((c) => c.path));
  const patterns = new Map<string, number[]>();
  for (const c of changes) {
    const segments = c.path.split("/");
    const at = segments.flatMap((s, i) => (s === c.env ? [i] : []));
    if (at.length === 0) continue;
    patterns.set(segments.map((s, i) => (at.includes(i) ? "*" : s)).join("/"), at);
  }
  const stale: FileDrift[] = [];
  for (const [pattern, at] of patterns) {
    for (const found of globSync(pattern, { cwd: outDir })) {
      const path = found.split(sep).join("/");
      const env = path.split("/")[at[0]!]!;
      if (envs.has(env) || generated.has(path)) continue;
      if (stale.some((s) => s.path === path)) continue;
      stale.push({
        path,
        status: "stale",
        diff: unifiedDiff(readFileSync(join(outDir, path), "utf8"), "", `a/${path}`, "/dev/null"),
      });
    }
  }
  return stale.sort((a, b) => a.path.localeCompare(b.path));
}

/**
 * Writes every change atomically (temp file in the same directory, then rename), skipping files whose content
 * is already right so their mtimes stay put. Returns the paths written.
 */
export function writeChanges(outDir: string, changes: readonly FileChange[]): string[] {
  const written: string[] = [];
  for (const c of changes) {
    const abs = join(outDir, c.path);
    if (existsSync(abs) && readFileSync(abs, "utf8") === c.content) continue;
    const tmp = `${abs}.infraflux-${process.pid}.tmp`;
    try {
      mkdirSync(dirname(abs), { recursive: true });
      writeFileSync(tmp, c.content);
      renameSync(tmp, abs);
    } catch (cause) {
      rmSync(tmp, { force: true });
      throw new EnvironmentError("write-failed", `cannot write ${abs}`, { cause });
    }
    written.push(c.path);
  }
  return written;
}
