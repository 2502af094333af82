import { EnvironmentError } from "@infraflux/diagnostics";
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import type { FileChange } from "./compile.ts";
import { unifiedDiff } from "./diff.ts";

export interface FileDrift {
  readonly path: string;
  readonly status: "missing" | "changed";
  readonly diff: string;
}

/** Compares changes with the files under `outDir`; returns the drifted ones with a unified diff. */
export function readDrift(outDir: string, changes: readonly FileChange[]): FileDrift[] {
  const drift: FileDrift[] = [];
  for (const c of changes) {
    const abs = join(outDir, c.path);
    const current = existsSync(abs) ? readFileSync(abs, "utf8") : undefined;
    if (current === c.content) continue;
    drift.push({ path: c.path, status: current === undefined ? "missing" : "changed", diff: unifiedDiff(current ?? "", c.content, current === undefined ? "/dev/null" : `a/${c.path}`, `b/${c.path}`) });
  }
  return drift;
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
