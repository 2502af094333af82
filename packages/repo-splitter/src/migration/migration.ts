import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CatFile, runGit, runGitText } from "../git.ts";
import { LayoutIndex } from "./layout-index.ts";
import type { Matrix } from "../matrix/matrix-types.ts";
import type { MigrationRewrite, MigrationRewriter } from "./migration-rewriter.ts";
import type { PathMapper } from "../matrix/plan.ts";
import type { ReferenceEdit, ReferenceProblem } from "./reference-types.ts";
import { mayHoldReferences, rewriteFileReferences } from "./rewrite-refs.ts";
import { checkGitattributes, checkSymlink, rewriteGitmodules } from "./tree-checks.ts";

export interface MigrationResult {
  readonly target: string;
  /** Ansible roles that moved (in-place restructures), old directory → new. */
  readonly movedRoles: readonly { readonly from: string; readonly to: string }[];
  /** Files the migration commit generated, merged or deleted (beyond reference edits). */
  readonly generatedFiles: readonly string[];
  /** SHA of the migration commit; absent when the target has no default branch or nothing needed rewriting. */
  readonly commit: string | undefined;
  readonly parent: string | undefined;
  readonly edits: readonly ReferenceEdit[];
  readonly problems: readonly ReferenceProblem[];
}

export interface MigrationOptions {
  readonly repo: string;
  readonly target: string;
  /** The run's one path mapper; its matrix is the run's matrix. */
  readonly mapper: PathMapper;
  /** Rewrites run after the splitter's own, over the same tree (the Ansible restructure). */
  readonly rewriters: readonly MigrationRewriter[];
  readonly source: string;
  readonly defaultBranch: string;
  readonly rewrittenTip: string | undefined;
}

export const MIGRATION_IDENTITY = "infraflux <infraflux@users.noreply.github.com>";

/** Index lines (`mode oid\tpath`) for git update-index, and what the migration changed and found. */
interface MigrationTree {
  readonly updates: string[];
  /** Target path → rewritten text (what a later rewriter must read instead of the blob). */
  readonly updated: Map<string, string>;
  readonly edits: ReferenceEdit[];
  readonly problems: ReferenceProblem[];
  readonly movedRoles: { from: string; to: string }[];
  readonly generatedFiles: string[];
}

/** What the rewrite steps read: the target tree at its rewritten tip. */
interface TargetTree {
  readonly repo: string;
  readonly entries: readonly TreeEntry[];
  readonly modeOf: ReadonlyMap<string, string>;
  readonly blobs: CatFile;
}

/**
 * Writes the final migration commit on the default branch: references (kustomize paths,
 * Argo CD repoURL/path, Flux spec.path, Terraform module sources) rewritten for the new layout,
 * then the rewriters' changes. Deterministic: identity fixed, date taken from the rewritten tip,
 * so re-runs give the same SHA.
 */
export async function writeMigrationCommit(options: MigrationOptions): Promise<MigrationResult> {
  const { repo, target, mapper, source, defaultBranch, rewrittenTip } = options;
  if (!rewrittenTip)
    return {
      target,
      commit: undefined,
      parent: undefined,
      edits: [],
      problems: [],
      movedRoles: [],
      generatedFiles: [],
    };
  const sourceTip = runGitText(source, ["rev-parse", `refs/heads/${defaultBranch}`]).trim();
  const sourceFiles = listTree(source, sourceTip).map((e) => e.path);
  const layout = new LayoutIndex(mapper.matrix, sourceFiles, target, mapper);
  const entries = listTree(repo, rewrittenTip);
  const tree: TargetTree = {
    repo,
    entries,
    modeOf: new Map(entries.map((e) => [e.path, e.mode])),
    blobs: new CatFile(repo),
  };
  const result: MigrationTree = {
    updates: [],
    updated: new Map(),
    edits: [],
    problems: [],
    movedRoles: [],
    generatedFiles: [],
  };
  try {
    await rewriteTargetReferences(tree, layout, result);
    for (const rewriter of options.rewriters) {
      if (!rewriter.appliesTo(sourceFiles)) continue;
      const files = await readRewriterFiles(tree, result.updated, rewriter.reads);
      const rewrite = rewriter.plan({ target, matrix: mapper.matrix, mapper, layout, sourceFiles, files });
      if (rewrite) applyRewrite(tree, rewrite, result);
    }
  } finally {
    await tree.blobs.close();
  }
  const { edits, problems, movedRoles, generatedFiles } = result;
  // Nothing needed rewriting: no empty commit (the report says so, and lists any unresolved reference).
  if (result.updates.length === 0)
    return { target, commit: undefined, parent: rewrittenTip, edits, problems, movedRoles, generatedFiles };
  const message = renderMigrationMessage(target, mapper.matrix, sourceTip, edits, problems);
  const commit = commitMigration(repo, rewrittenTip, result.updates, message);
  runGit(repo, ["update-ref", `refs/heads/${defaultBranch}`, commit]);
  return { target, commit, parent: rewrittenTip, edits, problems, movedRoles, generatedFiles };
}

/** The splitter's own rewrites: symlinks, .gitmodules, .gitattributes, YAML and Terraform references, generated kustomizations. */
async function rewriteTargetReferences(tree: TargetTree, layout: LayoutIndex, result: MigrationTree): Promise<void> {
  const { repo, entries, blobs } = tree;
  const { edits, problems, updates, updated } = result;
  const paths = new Set(tree.modeOf.keys());
  const filesByDirectory = new Map<string, string[]>();
  for (const e of entries) {
    const dir = e.path.includes("/") ? e.path.slice(0, e.path.lastIndexOf("/")) : ".";
    filesByDirectory.set(dir, [...(filesByDirectory.get(dir) ?? []), e.path]);
  }
  const generated = new Map<string, string>();
  const dirs = new Set(
    entries.flatMap((e) =>
      e.path
        .split("/")
        .slice(0, -1)
        .map((_, i, parts) => parts.slice(0, i + 1).join("/")),
    ),
  );
  const record = (
    entry: TreeEntry,
    rewrite: { text: string; edits: ReferenceEdit[]; problems: ReferenceProblem[] },
  ) => {
    edits.push(...rewrite.edits);
    problems.push(...rewrite.problems);
    if (rewrite.edits.length === 0) return;
    updated.set(entry.path, rewrite.text);
    updates.push(`${entry.mode} ${hashText(repo, rewrite.text)}\t${entry.path}`);
  };
  for (const entry of entries) {
    if (entry.mode === "120000") {
      const link = (await blobs.read(entry.oid))?.content.toString("utf8") ?? "";
      const problem = checkSymlink(entry.path, link, paths, dirs);
      if (problem) problems.push(problem);
      continue;
    }
    if (entry.mode !== "100644" && entry.mode !== "100755") continue;
    const name = entry.path.slice(entry.path.lastIndexOf("/") + 1);
    if (name === ".gitmodules" || name === ".gitattributes") {
      const text = (await blobs.read(entry.oid))?.content.toString("utf8") ?? "";
      if (name === ".gitattributes") problems.push(...checkGitattributes(text, entry.path, layout));
      else record(entry, rewriteGitmodules(text, entry.path, layout));
      continue;
    }
    if (!mayHoldReferences(entry.path)) continue;
    const sourcePath = layout.sourcePathOf(entry.path);
    if (!sourcePath) continue;
    const text = (await blobs.read(entry.oid))?.content.toString("utf8") ?? "";
    if (!/kind:|resources:|source\s*=|components:|patches|Generator:|creation_rules:/.test(text)) continue;
    record(
      entry,
      rewriteFileReferences(text, sourcePath, entry.path, {
        layout,
        matrix: layout.matrix,
        filesByDirectory,
        generated,
      }),
    );
  }
  // Kustomizations generated so that moved files can be referenced as directories.
  for (const [path, content] of generated) {
    if (paths.has(path)) continue;
    result.generatedFiles.push(path);
    updates.push(`100644 ${hashText(repo, content)}\t${path}`);
  }
}

/** The target's files a rewriter reads, with the splitter's own rewrites applied. */
async function readRewriterFiles(
  tree: TargetTree,
  updated: ReadonlyMap<string, string>,
  reads: (path: string) => boolean,
): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  for (const e of tree.entries) {
    if (e.mode !== "100644" && e.mode !== "100755") continue;
    if (!reads(e.path)) continue;
    files.set(e.path, updated.get(e.path) ?? (await tree.blobs.read(e.oid))?.content.toString("utf8") ?? "");
  }
  return files;
}

function applyRewrite(tree: TargetTree, rewrite: MigrationRewrite, result: MigrationTree): void {
  for (const change of rewrite.changes) {
    result.generatedFiles.push(change.path);
    if (change.content === null) {
      result.updates.push(`0 ${"0".repeat(40)}\t${change.path}`);
      continue;
    }
    const mode = tree.modeOf.get(change.path) ?? "100644";
    result.updates.push(`${mode} ${hashText(tree.repo, change.content)}\t${change.path}`);
  }
  result.edits.push(...rewrite.edits);
  result.problems.push(...rewrite.problems);
  result.movedRoles.push(...rewrite.movedDirectories);
}

function hashText(repo: string, text: string): string {
  return runGitText(repo, ["hash-object", "-w", "--stdin"], text).trim();
}

/** The migration commit on top of the rewritten tip: fixed identity, the tip's committer date. */
function commitMigration(repo: string, rewrittenTip: string, updates: readonly string[], message: string): string {
  const tree = writeTree(repo, rewrittenTip, updates);
  const date = runGitText(repo, ["log", "-1", "--format=%ct %cz", rewrittenTip]).trim();
  const [name, email] = [MIGRATION_IDENTITY.replace(/ <.*$/, ""), MIGRATION_IDENTITY.replace(/^.*<|>$/g, "")];
  const identity = {
    GIT_AUTHOR_NAME: name,
    GIT_AUTHOR_EMAIL: email,
    GIT_AUTHOR_DATE: `@${date}`,
    GIT_COMMITTER_NAME: name,
    GIT_COMMITTER_EMAIL: email,
    GIT_COMMITTER_DATE: `@${date}`,
  };
  return runGitText(repo, ["commit-tree", tree, "-p", rewrittenTip, "-F", "-"], message, identity).trim();
}

function renderMigrationMessage(
  target: string,
  matrix: Matrix,
  sourceTip: string,
  edits: readonly ReferenceEdit[],
  problems: readonly ReferenceProblem[],
): string {
  const lines = [
    `chore(migration): rewrite references for the ${target} layout`,
    "",
    `Split from ${matrix.sourceUrl ?? "the source repository"} at ${sourceTip} by infraflux split.`,
    edits.length
      ? `${edits.length} reference${edits.length === 1 ? "" : "s"} rewritten:`
      : "No references needed rewriting.",
    ...edits.map((e) => `- ${e.file}:${e.line} (${e.kind}) ${e.before} -> ${e.after}`),
  ];
  if (problems.length) {
    lines.push(
      "",
      `${problems.length} reference${problems.length === 1 ? "" : "s"} could not be resolved in this repository:`,
    );
    lines.push(...problems.map((p) => `- ${p.file}:${p.line} (${p.kind}) ${p.reference}: ${p.reason}`));
  }
  lines.push("", `Infraflux-Split-Source: ${sourceTip}`);
  return `${lines.join("\n")}\n`;
}

export interface TreeEntry {
  readonly mode: string;
  readonly type: string;
  readonly oid: string;
  readonly path: string;
}

export function listTree(repo: string, treeish: string): TreeEntry[] {
  const out = runGit(repo, ["ls-tree", "-r", "-z", "--full-tree", treeish]).toString("utf8");
  return out
    .split("\0")
    .filter(Boolean)
    .map((line) => {
      const tab = line.indexOf("\t");
      const [mode, type, oid] = line.slice(0, tab).split(" ");
      return { mode: mode!, type: type!, oid: oid!, path: line.slice(tab + 1) };
    });
}

function writeTree(repo: string, base: string, updates: readonly string[]): string {
  const dir = mkdtempSync(join(tmpdir(), "infraflux-index-"));
  try {
    const index = { GIT_INDEX_FILE: join(dir, "index") };
    runGit(repo, ["read-tree", base], undefined, index);
    runGit(repo, ["update-index", "--index-info"], `${updates.join("\n")}\n`, index);
    return runGitText(repo, ["write-tree"], undefined, index).trim();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
