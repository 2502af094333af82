// Before an incremental update: the state and commit-maps an earlier split left must agree with the targets' refs.
import { type Diagnostic, InputError } from "@infraflux/diagnostics";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { tryGitText } from "./git.ts";
import { type EffectiveMaps, STATE_DIR, type SplitState, ZERO } from "./split-state.ts";

export interface SplitStateCheck {
  /** The output directory (absolute). */
  readonly out: string;
  /** The output directory as the user named it, for messages. */
  readonly shownOut: string;
  readonly state: SplitState;
  readonly previous: EffectiveMaps;
}

const EXAMPLES = 3;

/**
 * Throws an InputError (code `incremental-state-mismatch`, one diagnostic per file that disagrees) when a tip the
 * state remembers is not in its target's ref, a target commit the state or commit-map names is not reachable from
 * the target's refs, or a commit-map disagrees with the state. Such an output was edited by hand; trusting it would
 * link the wrong commits.
 */
export function checkSplitState(check: SplitStateCheck): void {
  const diagnostics: Diagnostic[] = [];
  for (const [target, effective] of check.previous) {
    const repo = join(check.out, target);
    const reachable = new Set((tryGitText(repo, ["rev-list", "--all"]) ?? "").split("\n").filter(Boolean));
    const stateFile = `${STATE_DIR}/state.json`;
    const tips = Object.entries(check.state.rewrittenTips[target] ?? {});
    const badTips = tips.filter(([ref, sha]) => !isTipOf(repo, ref, sha));
    if (badTips.length > 0)
      diagnostics.push(
        mismatch(check, stateFile, `${target}: ${describe(badTips.map(([ref, sha]) => `${ref} ${sha}`))}`, "refs"),
      );
    const effectiveFile = `${STATE_DIR}/${target}.effective`;
    const unknown = [...effective.values()].flatMap((e) => (e.target && !reachable.has(e.target) ? [e.target] : []));
    if (unknown.length > 0) diagnostics.push(mismatch(check, effectiveFile, describe(unknown), "commits"));
    const mapFile = `${target}.commit-map`;
    const disagreements = commitMapDisagreements(join(check.out, mapFile), effective, reachable);
    if (disagreements.length > 0) diagnostics.push(mismatch(check, mapFile, describe(disagreements), "map"));
  }
  if (diagnostics.length > 0) throw new InputError(diagnostics);
}

/** The ref exists in the target and `sha` is its tip or an ancestor of it (the migration commit sits on top). */
function isTipOf(repo: string, ref: string, sha: string): boolean {
  const tip = tryGitText(repo, ["rev-parse", "--verify", "-q", `${ref}^{commit}`])?.trim();
  if (!tip) return false;
  return tip === sha || tryGitText(repo, ["merge-base", "--is-ancestor", sha, tip]) !== undefined;
}

/** Lines of a commit-map (`old new`) that the state does not give, or whose new commit is not in the target. */
function commitMapDisagreements(
  file: string,
  effective: ReadonlyMap<string, { target: string | null; kept: boolean }>,
  reachable: ReadonlySet<string>,
): string[] {
  if (!existsSync(file)) return ["the file is missing"];
  const lines = readFileSync(file, "utf8").split("\n").slice(1).filter(Boolean);
  const out: string[] = [];
  for (const line of lines) {
    const [oid = "", mapped = ""] = line.split(" ");
    const entry = effective.get(oid);
    const expected = entry ? (entry.kept && entry.target ? entry.target : ZERO) : undefined;
    if (expected !== mapped || (mapped !== ZERO && !reachable.has(mapped))) out.push(`${oid} → ${mapped}`);
  }
  if (lines.length !== effective.size) out.push(`${lines.length} lines for ${effective.size} commits in the state`);
  return out;
}

function describe(items: readonly string[]): string {
  const shown = items.slice(0, EXAMPLES).join(", ");
  return items.length > EXAMPLES ? `${shown} and ${items.length - EXAMPLES} more` : shown;
}

function mismatch(check: SplitStateCheck, file: string, detail: string, kind: "refs" | "commits" | "map"): Diagnostic {
  const what = {
    refs: "remembers branch tips that the target's refs do not contain",
    commits: "names target commits that no ref of the target reaches",
    map: "disagrees with the split state or names commits no ref of the target reaches",
  }[kind];
  return {
    code: "incremental-state-mismatch",
    severity: "error",
    file: join(check.shownOut, file),
    message: `${what} (was it edited by hand?): ${detail}`,
    hint: "pass --force to replace the output with a fresh split",
  };
}
