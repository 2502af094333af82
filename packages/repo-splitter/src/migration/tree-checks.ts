import { posix } from "node:path";
import { globToRegExp } from "@infraflux/input";
import type { LayoutIndex } from "./layout-index.ts";
import type { ReferenceEdit, ReferenceProblem } from "./reference-types.ts";

/**
 * `.gitmodules` names submodule paths; when a gitlink moves, its `path = …` line follows it.
 * A submodule whose gitlink went to another target is reported.
 */
export function rewriteGitmodules(
  text: string,
  file: string,
  layout: LayoutIndex,
): { text: string; edits: ReferenceEdit[]; problems: ReferenceProblem[] } {
  const edits: ReferenceEdit[] = [];
  const problems: ReferenceProblem[] = [];
  const lines = text.split("\n");
  lines.forEach((line, i) => {
    const m = /^(\s*path\s*=\s*)(.+?)\s*$/.exec(line);
    if (!m) return;
    const before = m[2]!;
    const placement = layout.place(before);
    if (placement.kind === "here" && placement.path !== before) {
      lines[i] = m[1] + placement.path;
      edits.push({ file, line: i + 1, kind: "gitmodules", before, after: placement.path });
    } else if (placement.kind === "elsewhere") {
      problems.push({
        file,
        line: i + 1,
        kind: "gitmodules",
        reference: before,
        reason: `the submodule now lives in the ${placement.target} repository at ${placement.path}`,
      });
    }
  });
  return { text: lines.join("\n"), edits, problems };
}

/** A symlink whose target leaves the repository, or no longer exists after the move, is reported. */
export function checkSymlink(
  path: string,
  target: string,
  existing: ReadonlySet<string>,
  existingDirs: ReadonlySet<string>,
): ReferenceProblem | undefined {
  if (target.startsWith("/"))
    return {
      file: path,
      line: 0,
      kind: "symlink",
      reference: target,
      reason: "is an absolute symlink: it points outside the repository on every machine",
    };
  const resolved = posix.normalize(posix.join(posix.dirname(path), target));
  if (resolved === ".." || resolved.startsWith("../"))
    return { file: path, line: 0, kind: "symlink", reference: target, reason: "points outside the repository" };
  if (!existing.has(resolved) && !existingDirs.has(resolved))
    return {
      file: path,
      line: 0,
      kind: "symlink",
      reference: target,
      reason: `dangles: ${resolved} is not in this repository after the split`,
    };
  return undefined;
}

/**
 * `.gitattributes` patterns with a slash are anchored to paths; after a move they may no
 * longer match the files they were written for (Git LFS `filter=lfs` lines above all).
 * Reports each such line whose files moved away from it.
 */
export function checkGitattributes(text: string, file: string, layout: LayoutIndex): ReferenceProblem[] {
  const problems: ReferenceProblem[] = [];
  const base = posix.dirname(file) === "." ? "" : `${posix.dirname(file)}/`;
  text.split("\n").forEach((line, i) => {
    const pattern = line.trim().split(/\s+/)[0];
    if (!pattern || pattern.startsWith("#") || !pattern.replace(/\/$/, "").includes("/")) return;
    const regex = gitattributesRegex(pattern);
    const matched = layout.sourceFilesMatching(regex);
    const moved = matched.filter(
      (f) =>
        !layout
          .destinationsOf(f)
          .some((d) => d.target === layout.target && regex.test(base ? d.path.slice(base.length) : d.path)),
    );
    if (moved.length > 0) {
      problems.push({
        file,
        line: i + 1,
        kind: "gitattributes",
        reference: pattern,
        reason: `no longer matches ${moved.length} file(s) it was written for, e.g. ${moved[0]}${/filter=lfs/.test(line) ? " (Git LFS: they would be committed as plain blobs)" : ""}`,
      });
    }
  });
  return problems;
}

function gitattributesRegex(pattern: string): RegExp {
  return globToRegExp(pattern.replace(/^\//, ""), { descendants: true });
}
