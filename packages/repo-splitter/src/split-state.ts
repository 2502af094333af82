import { writeTwoPhase } from "@infraflux/file-output";
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { renderReportMarkdown } from "./report/report.ts";
import type { SplitReport } from "./report/report-types.ts";

/** What an output directory remembers for incremental updates (`.infraflux/state.json`). */
export const STATE_DIR = ".infraflux";
export const ZERO = "0".repeat(40);

export interface SplitState {
  readonly version: 1;
  readonly matrixHash: string;
  readonly defaultBranch: string;
  /** Source ref → SHA exported last time. */
  readonly sourceRefs: Record<string, string>;
  /** Per target: ref → rewritten tip (before the migration commit), so an update continues from there. */
  readonly rewrittenTips: Record<string, Record<string, string>>;
  /** Lines of the matrix rules some commit so far matched (absent in states written before it was kept). */
  readonly rulesUsed?: readonly number[];
}

/** Per target: source SHA → the target commit it became (or stands for, when pruned), as `.effective` keeps it. */
export type EffectiveMaps = ReadonlyMap<string, ReadonlyMap<string, { target: string | null; kept: boolean }>>;

export function readMarks(file: string): Map<number, string> {
  const marks = new Map<number, string>();
  if (!existsSync(file)) return marks;
  for (const line of readFileSync(file, "utf8").split("\n")) {
    const [mark, sha] = line.split(" ");
    if (mark && sha) marks.set(Number(mark.slice(1)), sha);
  }
  return marks;
}

export function readEffectiveMap(file: string): Map<string, { target: string | null; kept: boolean }> {
  const map = new Map<string, { target: string | null; kept: boolean }>();
  if (!existsSync(file)) return map;
  for (const line of readFileSync(file, "utf8").split("\n")) {
    const [oid, target, kind] = line.split(" ");
    if (oid && target) map.set(oid, { target: target === ZERO ? null : target, kept: kind === "kept" });
  }
  return map;
}

/** git-filter-repo's commit-map format: a header line, then `old new` per source commit. */
export function renderCommitMap(map: ReadonlyMap<string, string>): string {
  const lines = [`${"old".padEnd(40)} new`];
  for (const [oid, target] of map) lines.push(`${oid} ${target}`);
  return `${lines.join("\n")}\n`;
}

export function readState(out: string): SplitState | undefined {
  const file = join(out, STATE_DIR, "state.json");
  if (!existsSync(file)) return undefined;
  try {
    return JSON.parse(readFileSync(file, "utf8")) as SplitState;
  } catch {
    return undefined;
  }
}

// State, reports and commit-maps go through the one atomic writer (@infraflux/file-output); history streams.
export function writeState(dir: string, state: SplitState): void {
  writeTwoPhase(dir, [{ path: `${STATE_DIR}/state.json`, content: `${JSON.stringify(state, null, 2)}\n` }]);
}

export function writeReports(dir: string, report: SplitReport): void {
  writeTwoPhase(dir, [
    { path: "report.json", content: `${JSON.stringify(report, null, 2)}\n` },
    { path: "report.md", content: renderReportMarkdown(report) },
  ]);
}

export function replaceDirectory(from: string, to: string): void {
  if (existsSync(to)) {
    const old = `${to}.old-${process.pid}`;
    renameSync(to, old);
    renameSync(from, to);
    rmSync(old, { recursive: true, force: true });
  } else {
    mkdirSync(dirname(to), { recursive: true });
    renameSync(from, to);
  }
}
