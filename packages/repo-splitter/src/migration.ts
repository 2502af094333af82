import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CatFile, gitEnv, runGit, runGitText } from "./git.ts";
import type { Matrix } from "./matrix.ts";
import { planAnsibleMigration, type AnsibleMigrationPlan } from "./ansible-migration.ts";
import { checkGitattributes, checkSymlink, rewriteGitmodules } from "./tree-checks.ts";
import { LayoutIndex } from "./layout-index.ts";
import type { ReferenceEdit, ReferenceProblem } from "./reference-types.ts";
import { mayHoldReferences, rewriteFileReferences } from "./rewrite-refs.ts";

export interface MigrationResult {
  readonly target: string;
  /** Ansible roles that moved (in-place restructures), old directory → new. */
  readonly movedRoles: readonly { readonly from: string; readonly to: string }[];
  /** Files the migration commit generated, merged or deleted (beyond reference edits). */
  readonly generatedFiles: readonly string[];
  /** SHA of the migration commit, absent when the target has no default branch. */
  readonly commit: string | undefined;
  readonly parent: string | undefined;
  readonly edits: readonly ReferenceEdit[];
  readonly problems: readonly ReferenceProblem[];
}

export interface MigrationOptions {
  readonly repo: string;
  readonly target: string;
  readonly matrix: Matrix;
  readonly source: string;
  readonly defaultBranch: string;
  readonly rewrittenTip: string | undefined;
}

export const MIGRATION_IDENTITY = "infraflux <infraflux@users.noreply.github.com>";

/**
 * Writes the final migration commit on the default branch: references (kustomize paths,
 * Argo CD repoURL/path, Flux spec.path, Terraform module sources) rewritten for the new layout.
 * Deterministic: identity fixed, date taken from the rewritten tip, so re-runs give the same SHA.
 */
export async function writeMigrationCommit(options: MigrationOptions): Promise<MigrationResult> {
  const { repo, target, matrix, source, defaultBranch, rewrittenTip } = options;
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
  const layout = new LayoutIndex(matrix, sourceFiles, target);
  const entries = listTree(repo, rewrittenTip);
  const edits: ReferenceEdit[] = [];
  const problems: ReferenceProblem[] = [];
  const updates: string[] = [];
  const updated = new Map<string, string>();
  const movedRoles: { from: string; to: string }[] = [];
  const generatedFiles: string[] = [];
  const blobs = new CatFile(repo);
  try {
    const modeOf = new Map(entries.map((e) => [e.path, e.mode]));
    const paths = new Set(modeOf.keys());
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
        else {
          const result = rewriteGitmodules(text, entry.path, layout);
          edits.push(...result.edits);
          problems.push(...result.problems);
          if (result.edits.length > 0) {
            updated.set(entry.path, result.text);
            updates.push(
              `${entry.mode} ${runGitText(repo, ["hash-object", "-w", "--stdin"], result.text).trim()}\t${entry.path}`,
            );
          }
        }
        continue;
      }
      if (!mayHoldReferences(entry.path)) continue;
      const sourcePath = layout.sourcePathOf(entry.path);
      if (!sourcePath) continue;
      const text = (await blobs.read(entry.oid))?.content.toString("utf8") ?? "";
      if (!/kind:|resources:|source\s*=|components:|patches|Generator:|creation_rules:/.test(text)) continue;
      const result = rewriteFileReferences(text, sourcePath, entry.path, {
        layout,
        matrix,
        filesByDirectory,
        generated,
      });
      edits.push(...result.edits);
      problems.push(...result.problems);
      if (result.edits.length > 0) {
        updated.set(entry.path, result.text);
        const oid = runGitText(repo, ["hash-object", "-w", "--stdin"], result.text).trim();
        updates.push(`${entry.mode} ${oid}\t${entry.path}`);
      }
    }
    // Kustomizations generated so that moved files can be referenced as directories.
    for (const [path, content] of generated) {
      if (paths.has(path)) continue;
      generatedFiles.push(path);
      updates.push(`100644 ${runGitText(repo, ["hash-object", "-w", "--stdin"], content).trim()}\t${path}`);
    }
    // Ansible trees (roles with tasks/): role references, merged roles and layered playbooks.
    const ansible = sourceFiles.some((f) => ANSIBLE_ROLE_FILE.test(f))
      ? await planAnsible(blobs, entries, updated, matrix, sourceFiles, target)
      : undefined;
    if (ansible) {
      for (const change of ansible.changes) {
        generatedFiles.push(change.path);
        if (change.content === null) {
          updates.push(`0 ${"0".repeat(40)}\t${change.path}`);
          continue;
        }
        const mode = modeOf.get(change.path) ?? "100644";
        const oid = runGitText(repo, ["hash-object", "-w", "--stdin"], change.content).trim();
        updates.push(`${mode} ${oid}\t${change.path}`);
      }
      edits.push(
        ...ansible.edits.map((e) => ({
          file: e.file,
          line: e.line,
          kind: "ansible" as const,
          before: e.before,
          after: e.after,
        })),
      );
      problems.push(
        ...ansible.problems.map((p) => ({
          file: p.path,
          line: p.line ?? 0,
          kind: "ansible" as const,
          reference: p.code,
          reason: p.message,
        })),
      );
      movedRoles.push(...ansible.roleMap.roles.filter((r) => r.from !== r.to).map((r) => ({ from: r.from, to: r.to })));
    }
  } finally {
    await blobs.close();
  }
  const tree = updates.length
    ? writeTree(repo, rewrittenTip, updates)
    : runGitText(repo, ["rev-parse", `${rewrittenTip}^{tree}`]).trim();
  const date = runGitText(repo, ["log", "-1", "--format=%ct %cz", rewrittenTip]).trim();
  const message = renderMigrationMessage(target, matrix, sourceTip, edits, problems);
  const [name, email] = [MIGRATION_IDENTITY.replace(/ <.*$/, ""), MIGRATION_IDENTITY.replace(/^.*<|>$/g, "")];
  const env = {
    ...gitEnv(),
    GIT_AUTHOR_NAME: name,
    GIT_AUTHOR_EMAIL: email,
    GIT_AUTHOR_DATE: `@${date}`,
    GIT_COMMITTER_NAME: name,
    GIT_COMMITTER_EMAIL: email,
    GIT_COMMITTER_DATE: `@${date}`,
  };
  const committed = spawnSync("git", ["commit-tree", tree, "-p", rewrittenTip, "-F", "-"], {
    cwd: repo,
    env,
    input: message,
  });
  if (committed.status !== 0) throw new Error(`git commit-tree failed: ${committed.stderr.toString()}`);
  const commit = committed.stdout.toString().trim();
  runGit(repo, ["update-ref", `refs/heads/${defaultBranch}`, commit]);
  return { target, commit, parent: rewrittenTip, edits, problems, movedRoles, generatedFiles };
}

const ANSIBLE_ROLE_FILE = /(^|\/)roles\/.+\/(tasks|meta)\/main\.ya?ml$/;

/** Reads the target's YAML files and ansible.cfg (with the generic rewrites applied) and plans the Ansible restructure. */
async function planAnsible(
  blobs: CatFile,
  entries: readonly TreeEntry[],
  updated: ReadonlyMap<string, string>,
  matrix: Matrix,
  sourceFiles: readonly string[],
  target: string,
): Promise<AnsibleMigrationPlan | undefined> {
  const files = new Map<string, string>();
  for (const e of entries) {
    if (e.mode !== "100644" && e.mode !== "100755") continue;
    if (!/\.ya?ml$/.test(e.path) && !/(^|\/)ansible\.cfg$/.test(e.path)) continue;
    files.set(e.path, updated.get(e.path) ?? (await blobs.read(e.oid))?.content.toString("utf8") ?? "");
  }
  const plan = planAnsibleMigration({ matrix, sourceFiles, files, options: { target } });
  return plan.roleMap.roles.length > 0 ? plan : undefined;
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
    `Split from ${matrix.sourceUrl} at ${sourceTip} by infraflux split.`,
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
    const env = { ...gitEnv(), GIT_INDEX_FILE: join(dir, "index") };
    const run = (args: string[], input?: string) => {
      const r = spawnSync("git", args, { cwd: repo, env, input });
      if (r.status !== 0) throw new Error(`git ${args.join(" ")} failed: ${r.stderr.toString()}`);
      return r.stdout.toString().trim();
    };
    run(["read-tree", base]);
    run(["update-index", "--index-info"], `${updates.join("\n")}\n`);
    return run(["write-tree"]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
