import { runGit } from "../git.ts";
import { splitFileContent } from "../matrix/split-documents.ts";
import { decodePath } from "../path-bytes.ts";
import type { Placement } from "./placement.ts";
import { hashBlob } from "./tree-hash.ts";

/** One path a commit changes against its base: its new `mode oid`, or undefined when deleted. */
export interface TreeChange {
  readonly path: string;
  readonly value: string | undefined;
}

/**
 * Diffs many commits with one `git diff-tree --stdin`: each request is `<commit> <base>` (the
 * commit against that base commit) or `<commit>` (a root, against the empty tree). Returns the
 * changes of each request, in order.
 */
export function readTreeChanges(repo: string, requests: readonly string[]): TreeChange[][] {
  if (requests.length === 0) return [];
  const out = runGit(
    repo,
    ["diff-tree", "--stdin", "-r", "-z", "--raw", "--no-renames", "--root", "--always"],
    `${requests.join("\n")}\n`,
  );
  const groups: TreeChange[][] = [];
  let i = 0;
  while (i < out.length) {
    const end = out.indexOf(0, i);
    const token = out.subarray(i, end < 0 ? out.length : end);
    i = end < 0 ? out.length : end + 1;
    if (token[0] !== 0x3a /* ":" */) {
      groups.push([]);
      continue;
    }
    // :oldmode newmode oldoid newoid status
    const [, newMode, , newOid, status] = token.toString("latin1").slice(1).split(" ");
    const pathEnd = out.indexOf(0, i);
    const path = decodePath(out.subarray(i, pathEnd));
    i = pathEnd + 1;
    groups.at(-1)!.push({ path, value: status === "D" ? undefined : `${newMode} ${newOid}` });
  }
  if (groups.length !== requests.length)
    throw new Error(
      `internal: git diff-tree answered ${groups.length} of ${requests.length} requests; please report this bug`,
    );
  return groups;
}

/** What a target's tree must change, per target path; `certain: false` when it may also stay as it was. */
export type ExpectedChanges = Map<string, { readonly value: string | undefined; readonly certain: boolean }>;

/** The changes a source commit implies for one target, through verify's own placement of each path. */
export async function planExpectedChanges(
  changes: readonly TreeChange[],
  target: string,
  place: (path: string) => Placement,
  readBlob: (oid: string) => Promise<Buffer>,
  problems: string[],
): Promise<ExpectedChanges> {
  const expected: ExpectedChanges = new Map();
  const set = (path: string, value: string | undefined, certain: boolean) => {
    const had = expected.get(path);
    // A path that something else fills in this commit is not deleted (a rename onto the same place).
    if (value === undefined && had && had.value !== undefined) return;
    expected.set(path, { value, certain: certain || (had?.certain ?? false) });
  };
  for (const { path, value } of changes) {
    const placement = place(path);
    if (placement.kind === "unmapped" || placement.kind === "ambiguous" || placement.kind === "unsafe") {
      if (value !== undefined) problems.push(`path "${path}" is not accounted for by the matrix (${placement.kind})`);
      continue;
    }
    if (placement.kind === "copy") {
      for (const to of placement.to) if (to.target === target) set(to.path, value, true);
      continue;
    }
    if (placement.kind !== "split") continue;
    const cases = placement.cases.map((c) => ({ ...(c.when ? { when: c.when } : {}), destination: c.to }));
    const filled = new Set<string>();
    if (value !== undefined) {
      const [mode = "", oid = ""] = value.split(" ");
      const isFile = mode === "100644" || mode === "100755";
      for (const piece of splitFileContent(isFile ? path : "", await readBlob(oid), cases).values()) {
        if (piece.destination.target !== target) continue;
        filled.add(piece.destination.path);
        set(piece.destination.path, `${mode} ${hashBlob(piece.content)}`, false);
      }
    }
    for (const c of cases)
      if (c.destination.target === target && !filled.has(c.destination.path)) set(c.destination.path, undefined, false);
  }
  return expected;
}

/** Differences between what a target commit changes and what it should; empty when they agree. */
export function compareChanges(actual: readonly TreeChange[], expected: ExpectedChanges): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  const show = (v: string | undefined) => v ?? "(deleted)";
  for (const { path, value } of actual) {
    seen.add(path);
    const want = expected.get(path);
    if (!want) problems.push(`changes ${path} (${show(value)}), which its source commit does not`);
    else if (want.value !== value) problems.push(`${path} is ${show(value)}, expected ${show(want.value)}`);
  }
  for (const [path, want] of expected)
    if (want.certain && !seen.has(path)) problems.push(`${path} should be ${show(want.value)} but is not changed`);
  return problems;
}
