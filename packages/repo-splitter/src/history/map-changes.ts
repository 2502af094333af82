import type { ExportFileChange } from "./fast-export.ts";
import type { PathMapper, PathMapping, TargetPath } from "../matrix/plan.ts";
import { isYamlPath, splitFileContent } from "../matrix/split-documents.ts";

/** A change in one target: a blob by id, inline content (split files), a delete, or deleteall. */
export type TargetChange =
  | {
      readonly op: "M";
      readonly mode: string;
      readonly ref: string;
      readonly path: string;
      readonly sourcePath: string;
    }
  | {
      readonly op: "M-inline";
      readonly mode: string;
      readonly content: Buffer;
      readonly path: string;
      readonly sourcePath: string;
    }
  | { readonly op: "D"; readonly path: string; readonly sourcePath: string }
  | { readonly op: "deleteall" };

/** A path the matrix could not place: no rule, or two rules tying. */
export interface PathProblem {
  readonly path: string;
  readonly mapping: Extract<PathMapping, { kind: "unmapped" | "tie" | "unsafe" }>;
}

/** The `ruleHits` key of paths no rule matches that `unmapped: <target>` sends to a target. */
export const UNMAPPED_RULE = -1;

/** Reads a blob for split files, by `commit:path` or blob id; undefined when it does not exist. */
export type BlobReader = (spec: string) => Promise<{ readonly oid: string; readonly content: Buffer } | undefined>;

export interface MappedChanges {
  readonly byTarget: Map<string, TargetChange[]>;
  readonly problems: PathProblem[];
  /** Rule index (`UNMAPPED_RULE` for `unmapped: <target>`) → source paths this commit sent through it. */
  readonly ruleHits: Map<number, string[]>;
  readonly dropped: string[];
}

/**
 * Maps one commit's file changes into every target. Split files are divided per document and
 * compared with the same file in `parentOid`, so a change that leaves a target's share
 * untouched is not a change there.
 */
export async function mapCommitChanges(
  mapper: PathMapper,
  changes: readonly ExportFileChange[],
  parentOid: string | undefined,
  readBlob: BlobReader,
  /** The mode a path had in a commit; used to carry mode-only changes of split files. */
  readMode: (commit: string, path: string) => string | undefined = () => undefined,
): Promise<MappedChanges> {
  const byTarget = new Map<string, TargetChange[]>();
  const problems: PathProblem[] = [];
  const ruleHits = new Map<number, string[]>();
  const dropped: string[] = [];
  const push = (target: string, change: TargetChange) => {
    const list = byTarget.get(target);
    if (list) list.push(change);
    else byTarget.set(target, [change]);
  };
  for (const change of changes) {
    if (change.op === "deleteall") {
      for (const target of mapper.matrix.targets.keys()) push(target, change);
      continue;
    }
    const mapping = mapper.map(change.path);
    if (mapping.kind === "unsafe") {
      problems.push({ path: change.path, mapping });
      continue;
    }
    if (mapping.kind === "unmapped" || mapping.kind === "tie") {
      problems.push({ path: change.path, mapping });
      continue;
    }
    const hitIndex = mapping.rule ? mapping.rule.index : mapping.kind === "move" ? UNMAPPED_RULE : undefined;
    if (hitIndex !== undefined) {
      const hits = ruleHits.get(hitIndex);
      if (hits) hits.push(change.path);
      else ruleHits.set(hitIndex, [change.path]);
    }
    if (mapping.kind === "drop") {
      dropped.push(change.path);
      continue;
    }
    if (mapping.kind === "move") {
      for (const d of mapping.destinations) {
        push(
          d.target,
          change.op === "D"
            ? { op: "D", path: d.path, sourcePath: change.path }
            : { op: "M", mode: change.mode, ref: change.ref, path: d.path, sourcePath: change.path },
        );
      }
      continue;
    }
    // A file that is not YAML goes whole, by blob id, to the case without a condition: never read.
    if (!isYamlPath(change.path) || (change.op === "M" && change.mode !== "100644" && change.mode !== "100755")) {
      const fallback = mapping.cases.find((c) => !c.when) ?? mapping.cases[0];
      if (fallback) {
        const d = fallback.destination;
        push(
          d.target,
          change.op === "D"
            ? { op: "D", path: d.path, sourcePath: change.path }
            : { op: "M", mode: change.mode, ref: change.ref, path: d.path, sourcePath: change.path },
        );
      }
      continue;
    }
    // split: compare this commit's share per destination with the parent's.
    const mode = change.op === "M" ? change.mode : "100644";
    const before = parentOid
      ? await splitAt(mapper, `${parentOid}:${change.path}`, change.path, mapping, readBlob, mode)
      : new Map<string, SplitShare>();
    const after =
      change.op === "D"
        ? new Map<string, SplitShare>()
        : await splitAt(mapper, change.ref, change.path, mapping, readBlob, mode);
    // Asked only when a share's content is unchanged: the mode lookup runs git, and most edits change content.
    let modeChanged: boolean | undefined;
    const isModeChange = () =>
      (modeChanged ??=
        change.op === "M" && parentOid !== undefined && readMode(parentOid, change.path) !== change.mode);
    for (const key of new Set([...before.keys(), ...after.keys()])) {
      const a = after.get(key);
      const b = before.get(key);
      if (a && (!b || !a.content.equals(b.content) || isModeChange())) {
        push(a.destination.target, {
          op: "M-inline",
          mode: a.mode,
          content: a.content,
          path: a.destination.path,
          sourcePath: change.path,
        });
      } else if (!a && b) {
        push(b.destination.target, { op: "D", path: b.destination.path, sourcePath: change.path });
      }
    }
  }
  for (const [target, list] of byTarget) byTarget.set(target, await withoutSelfRenames(list, parentOid, readBlob));
  return { byTarget, problems, ruleHits, dropped };
}

/**
 * A source rename whose old and new paths land on the same target path shows up as D + M of
 * that path: the delete is redundant, and when the blob is the one the old path had in the
 * parent, the change is no change at all (so the commit can become empty, as with filter-repo).
 */
async function withoutSelfRenames(
  changes: TargetChange[],
  parentOid: string | undefined,
  readBlob: BlobReader,
): Promise<TargetChange[]> {
  const deleted = new Map<string, Extract<TargetChange, { op: "D" }>>();
  for (const c of changes) if (c.op === "D") deleted.set(c.path, c);
  if (deleted.size === 0) return changes;
  const drop = new Set<TargetChange>();
  for (const c of changes) {
    if (c.op !== "M" && c.op !== "M-inline") continue;
    const d = deleted.get(c.path);
    if (!d) continue;
    drop.add(d);
    if (c.op === "M" && parentOid && d.sourcePath !== c.sourcePath) {
      const before = await readBlob(`${parentOid}:${d.sourcePath}`);
      if (before?.oid === c.ref) drop.add(c);
    }
  }
  return drop.size ? changes.filter((c) => !drop.has(c)) : changes;
}

interface SplitShare {
  readonly destination: TargetPath;
  readonly content: Buffer;
  readonly mode: string;
}

// Split results by blob, rule and path: the parent's version of a file is usually the previous commit's.
const splitCaches = new WeakMap<PathMapper, Map<string, Map<string, SplitShare>>>();

async function splitAt(
  mapper: PathMapper,
  spec: string,
  path: string,
  mapping: Extract<PathMapping, { kind: "split" }>,
  readBlob: BlobReader,
  mode: string,
): Promise<Map<string, SplitShare>> {
  let splitCache = splitCaches.get(mapper);
  if (!splitCache) splitCaches.set(mapper, (splitCache = new Map()));
  const blob = await readBlob(spec);
  if (blob === undefined) return new Map();
  const key = `${blob.oid}\0${mode}\0${path}\0${mapping.rule.index}`;
  const cached = splitCache.get(key);
  if (cached) return cached;
  const out = new Map<string, SplitShare>();
  // Symlinks and submodules are not documents: they go whole to the fallback case.
  const pieces =
    mode === "100644" || mode === "100755"
      ? splitFileContent(path, blob.content, mapping.cases)
      : splitFileContent("", blob.content, mapping.cases);
  for (const [k, piece] of pieces) out.set(k, { destination: piece.destination, content: piece.content, mode });
  if (splitCache.size > 512) splitCache.clear();
  splitCache.set(key, out);
  return out;
}
