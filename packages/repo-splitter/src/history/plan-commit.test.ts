import { describe, expect, it } from "vitest";
import { AncestryGraph } from "./ancestry.ts";
import type { ExportCommit, ExportFileChange } from "./fast-export.ts";
import type { TargetChange } from "./map-changes.ts";
import { decideCommit } from "./plan-commit.ts";
import { TargetHistory } from "./target-history.ts";

/**
 * One source commit of a table case: its parents (marks), how many file changes it had in the source,
 * how many of them land in the target, and (for a merge that collapses, or a first parent that was
 * pruned) how many changes it has against the target commit that stands in for its parent.
 */
interface Step {
  readonly mark: number;
  readonly parents?: readonly number[];
  readonly source?: number;
  readonly target?: number;
  readonly against?: number;
}

const change = (i: number): TargetChange => ({
  op: "M",
  mode: "100644",
  ref: "0".repeat(40),
  path: `f${i}`,
  sourcePath: `f${i}`,
});
const changes = (n: number) => Array.from({ length: n }, (_, i) => change(i));
const sourceChanges = (n: number): ExportFileChange[] =>
  Array.from({ length: n }, (_, i) => ({ op: "D", path: `s${i}` }));

/** Runs the steps through one target's history; each outcome as `kept(:p,…)` or `pruned→:p` (`pruned→∅` for nothing). */
async function decide(steps: readonly Step[]): Promise<string[]> {
  const history = new TargetHistory("t");
  const graph = new AncestryGraph();
  const id = (ref: string) => Number(ref.slice(1));
  const out: string[] = [];
  for (const step of steps) {
    const commit: ExportCommit = {
      type: "commit",
      ref: "refs/heads/main",
      mark: step.mark,
      originalOid: step.mark.toString(16).padStart(40, "0"),
      author: undefined,
      committer: Buffer.from("C <c@x> 0 +0000"),
      encoding: undefined,
      message: Buffer.from("m\n"),
      parents: (step.parents ?? []).map((p) => `:${p}`),
      changes: sourceChanges(step.source ?? step.target ?? 0),
    };
    graph.add(step.mark, step.parents ?? []);
    const mapped = changes(step.target ?? 0);
    const outcome = await decideCommit(commit, history, mapped, graph, id, async () =>
      changes(step.against ?? step.target ?? 0),
    );
    history.record(commit, outcome);
    out.push(outcome.kind === "kept" ? `kept(${outcome.parents.join(",")})` : `pruned→${outcome.rewriteTo ?? "∅"}`);
  }
  return out;
}

describe("decideCommit: git-filter-repo's pruning rules, one target", () => {
  it.each<[string, Step[], string[]]>([
    ["a root commit with changes here is kept", [{ mark: 1, target: 2 }], ["kept()"]],
    [
      "a commit that becomes empty here is pruned, and its child attaches to the nearest kept ancestor",
      [
        { mark: 1, target: 1 },
        { mark: 2, parents: [1], source: 3, target: 0 },
        { mark: 3, parents: [2], target: 1 },
      ],
      ["kept()", "pruned→:1", "kept(:1)"],
    ],
    [
      "a root commit with nothing here is pruned to nothing",
      [
        { mark: 1, source: 2, target: 0 },
        { mark: 2, parents: [1], target: 1 },
      ],
      ["pruned→∅", "kept()"],
    ],
    [
      "an originally empty commit is kept",
      [
        { mark: 1, target: 1 },
        { mark: 2, parents: [1], source: 0 },
      ],
      ["kept()", "kept(:1)"],
    ],
    [
      "an originally empty commit whose parent was pruned is pruned too",
      [
        { mark: 1, target: 1 },
        { mark: 2, parents: [1], source: 1, target: 0 },
        { mark: 3, parents: [2], source: 0 },
      ],
      ["kept()", "pruned→:1", "pruned→:1"],
    ],
    [
      "a merge of two kept branches is kept with both parents",
      [
        { mark: 1, target: 1 },
        { mark: 2, parents: [1], target: 1 },
        { mark: 3, parents: [1], target: 1 },
        { mark: 4, parents: [2, 3], source: 0 },
      ],
      ["kept()", "kept(:1)", "kept(:1)", "kept(:2,:3)"],
    ],
    [
      "a merge whose side branch was pruned away collapses, and is pruned when it changes nothing against the survivor",
      [
        { mark: 1, target: 1 },
        { mark: 2, parents: [1], source: 1, target: 0 },
        { mark: 3, parents: [1], target: 1 },
        { mark: 4, parents: [3, 2], source: 1, target: 0, against: 0 },
      ],
      ["kept()", "pruned→:1", "kept(:1)", "pruned→:3"],
    ],
    [
      "a collapsing merge that changes the tree against the survivor is kept, with its parents",
      [
        { mark: 1, target: 1 },
        { mark: 2, parents: [1], source: 1, target: 0 },
        { mark: 3, parents: [1], target: 1 },
        { mark: 4, parents: [3, 2], source: 1, target: 1, against: 1 },
      ],
      ["kept()", "pruned→:1", "kept(:1)", "kept(:3,:1)"],
    ],
    [
      "a merge whose parents both collapse onto one commit is pruned onto it",
      [
        { mark: 1, target: 1 },
        { mark: 2, parents: [1], source: 1, target: 0 },
        { mark: 3, parents: [1], source: 1, target: 0 },
        { mark: 4, parents: [2, 3], source: 0 },
      ],
      ["kept()", "pruned→:1", "pruned→:1", "pruned→:1"],
    ],
    [
      "a merge whose first parent left nothing here is compared with the parent that is left: pruned when equal",
      [
        { mark: 1, source: 1, target: 0 },
        { mark: 2, target: 1 },
        { mark: 3, parents: [1, 2], source: 1, target: 1, against: 0 },
      ],
      ["pruned→∅", "kept()", "pruned→:2"],
    ],
    [
      "… and kept on that parent when it differs",
      [
        { mark: 1, source: 1, target: 0 },
        { mark: 2, target: 1 },
        { mark: 3, parents: [1, 2], source: 1, target: 1, against: 1 },
      ],
      ["pruned→∅", "kept()", "kept(:2)"],
    ],
  ])("%s", async (_, steps, expected) => {
    expect(await decide(steps)).toEqual(expected);
  });
});
