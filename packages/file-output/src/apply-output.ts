import { EnvironmentError } from "@infraflux/diagnostics";
import { chmodSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import type { FileChange, OutputMode, OutputPlan, OutputResult, OutputState } from "./file-change.ts";
import { isSafeRelativePath, parseManifest, planDrift, planOutput } from "./plan-output.ts";

/** The manifest of generated files kept in an output root unless another name is given. */
export const DEFAULT_MANIFEST = ".infraflux-generated";

export interface ApplyOutputOptions {
  /** The output root every change's path is relative to (absolute). */
  readonly outDir: string;
  readonly mode: OutputMode;
  /** Manifest file relative to the root; false keeps none (and finds no stale files). Default `.infraflux-generated`. */
  readonly manifest?: string | false;
  /** The changes are all this producer generates under the root (see `planOutput`). Default true. */
  readonly complete?: boolean;
}

/**
 * Applies generated files to an output root. write: two phases (every temporary file first, then every rename;
 * a failure removes the temporaries and leaves the previous files as they were), then stale files are removed
 * and the manifest updated. check: unified diffs of missing, changed and stale files; nothing written.
 * dry-run: what would be written and removed; nothing written.
 */
export function applyOutput(changes: readonly FileChange[], options: ApplyOutputOptions): OutputResult {
  for (const c of changes)
    if (!isSafeRelativePath(c.path))
      throw new EnvironmentError("unsafe-output-path", `refusing to write "${c.path}" outside ${options.outDir}`);
  const manifest = options.manifest ?? DEFAULT_MANIFEST;
  const state = readOutputState(options.outDir, manifest);
  const plan = planOutput(changes, state, { manifest, complete: options.complete ?? true });
  const base = { mode: options.mode, outDir: options.outDir, files: plan.files, unchanged: plan.unchanged };
  if (options.mode === "check") return { ...base, written: [], removed: [], drift: planDrift(plan, state) };
  const written = plan.pending.map((c) => c.path);
  if (options.mode === "dry-run") return { ...base, written, removed: plan.stale, drift: [] };
  writeOutput(options.outDir, plan, state);
  return { ...base, written, removed: plan.stale, drift: [] };
}

/** Reads what the output root holds, lazily, and the previous manifest. */
export function readOutputState(outDir: string, manifest: string | false): OutputState {
  const contentOf = (path: string): Uint8Array | undefined => {
    try {
      return readFileSync(join(outDir, path));
    } catch {
      return undefined;
    }
  };
  const modeOf = (path: string): number | undefined => {
    try {
      return statSync(join(outDir, path)).mode & 0o777;
    } catch {
      return undefined;
    }
  };
  const listed = manifest === false ? undefined : contentOf(manifest);
  const previouslyGenerated = listed === undefined ? [] : parseManifest(Buffer.from(listed).toString("utf8"));
  return { contentOf, modeOf, previouslyGenerated };
}

function writeOutput(outDir: string, plan: OutputPlan, state: OutputState): void {
  const manifestChanged =
    plan.manifest !== undefined &&
    Buffer.from(state.contentOf(plan.manifest.path) ?? []).toString("utf8") !== plan.manifest.content;
  writeTwoPhase(outDir, [...plan.pending, ...(plan.manifest && manifestChanged ? [plan.manifest] : [])]);
  for (const path of plan.stale) {
    try {
      rmSync(join(outDir, path), { force: true });
    } catch (cause) {
      throw new EnvironmentError("remove-failed", `cannot remove the stale file ${join(outDir, path)}`, { cause });
    }
  }
}

/** Every temporary file first, beside its target; only when all exist are they renamed into place. */
export function writeTwoPhase(outDir: string, changes: readonly FileChange[]): void {
  const temps: { temp: string; target: string }[] = [];
  try {
    for (const c of changes) {
      const target = join(outDir, c.path);
      const temp = `${target}.infraflux-${process.pid}.tmp`;
      mkdirSync(dirname(target), { recursive: true });
      temps.push({ temp, target });
      writeFileSync(temp, c.content);
      if (c.mode !== undefined) chmodSync(temp, c.mode);
    }
  } catch (cause) {
    for (const { temp } of temps) rmSync(temp, { force: true });
    throw new EnvironmentError("write-failed", `cannot write under ${outDir}; nothing was changed`, { cause });
  }
  let renamed = 0;
  try {
    for (const { temp, target } of temps) {
      renameSync(temp, target);
      renamed++;
    }
  } catch (cause) {
    for (const { temp } of temps.slice(renamed)) rmSync(temp, { force: true });
    throw new EnvironmentError("write-failed", `cannot rename into ${outDir} (${renamed} of ${temps.length} done)`, {
      cause,
    });
  }
}
