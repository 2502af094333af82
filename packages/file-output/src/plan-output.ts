import { unifiedDiff } from "./diff.ts";
import type { FileChange, FileDrift, OutputPlan, OutputState } from "./file-change.ts";

export interface PlanOutputOptions {
  /** Manifest file (relative to the root) listing the generated paths; false keeps none. */
  readonly manifest: string | false;
  /**
   * The changes are everything this producer generates under the root: files of the previous manifest that are
   * missing from them are stale, and the new manifest lists exactly these. When false (a partial run, such as one
   * environment), nothing is stale and the manifest keeps the earlier entries too.
   */
  readonly complete: boolean;
}

/** Decides what to write, what is unchanged and what is stale (in the order of the changes). Pure: the caller reads the state. */
export function planOutput(changes: readonly FileChange[], state: OutputState, options: PlanOutputOptions): OutputPlan {
  const pending: FileChange[] = [];
  const unchanged: string[] = [];
  for (const change of changes) {
    if (isUpToDate(change, state)) unchanged.push(change.path);
    else pending.push(change);
  }
  const files = changes.map((c) => c.path);
  const now = new Set(files);
  const stale = options.complete
    ? state.previouslyGenerated.filter((p) => !now.has(p) && isSafeRelativePath(p) && state.contentOf(p) !== undefined)
    : [];
  const listed = options.complete ? files : [...new Set([...state.previouslyGenerated, ...files])].sort(comparePaths);
  const manifest = options.manifest === false ? undefined : { path: options.manifest, content: renderManifest(listed) };
  return { files, pending, unchanged, stale: [...new Set(stale)].sort(comparePaths), manifest };
}

/** Drift for `--check`: every pending change as missing or changed, every stale file, each with a unified diff. */
export function planDrift(plan: OutputPlan, state: OutputState): FileDrift[] {
  const drift: FileDrift[] = plan.pending.map((c) => {
    const current = state.contentOf(c.path);
    const status = current === undefined ? "missing" : "changed";
    return { path: c.path, status, diff: diffOf(c.path, current, toBytes(c.content)) };
  });
  for (const path of plan.stale)
    drift.push({ path, status: "stale", diff: diffOf(path, state.contentOf(path), undefined) });
  return drift;
}

/** The manifest's text: one path a line, sorted. */
export function renderManifest(paths: readonly string[]): string {
  return paths.length === 0 ? "" : `${[...paths].sort(comparePaths).join("\n")}\n`;
}

/** The paths a manifest lists (blank lines ignored). */
export function parseManifest(text: string): string[] {
  return text.split("\n").filter((line) => line !== "");
}

/** A path that stays inside the output root: relative, no `..`, no empty segments. */
export function isSafeRelativePath(path: string): boolean {
  if (path === "" || path.startsWith("/") || /^[A-Za-z]:/.test(path) || path.includes("\\")) return false;
  return path.split("/").every((s) => s !== "" && s !== "." && s !== "..");
}

function isUpToDate(change: FileChange, state: OutputState): boolean {
  const current = state.contentOf(change.path);
  if (current === undefined || !Buffer.from(current).equals(toBytes(change.content))) return false;
  return change.mode === undefined || state.modeOf(change.path) === (change.mode & 0o777);
}

function diffOf(path: string, before: Uint8Array | undefined, after: Uint8Array | undefined): string {
  const oldName = before === undefined ? "/dev/null" : `a/${path}`;
  const newName = after === undefined ? "/dev/null" : `b/${path}`;
  if (isBinary(before) || isBinary(after)) return `Binary files ${oldName} and ${newName} differ\n`;
  const text = (bytes: Uint8Array | undefined) => (bytes === undefined ? "" : Buffer.from(bytes).toString("utf8"));
  return unifiedDiff(text(before), text(after), oldName, newName);
}

function isBinary(bytes: Uint8Array | undefined): boolean {
  return bytes?.subarray(0, 8000).includes(0) ?? false;
}

function toBytes(content: string | Uint8Array): Buffer {
  return typeof content === "string" ? Buffer.from(content, "utf8") : Buffer.from(content);
}

function comparePaths(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
