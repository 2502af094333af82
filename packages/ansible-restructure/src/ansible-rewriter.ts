/**
 * The Ansible restructure as a rewriter of the splitter's migration commit: the CLI passes it to
 * `runSplit({ rewriters: [ansibleRewriter] })`. Pure: the splitter reads the tree and writes the changes.
 */
import type { MigrationRewrite, MigrationRewriteInput, MigrationRewriter } from "@infraflux/repo-splitter";
import { planAnsibleMigration } from "./ansible-migration.ts";

/** A role's tasks or meta: the source tree holds Ansible roles. */
const ANSIBLE_ROLE_FILE = /(^|\/)roles\/.+\/(tasks|meta)\/main\.ya?ml$/;

/** The target's YAML files and ansible.cfg: what the plan reads. */
const ANSIBLE_INPUT_FILE = /\.ya?ml$|(^|\/)ansible\.cfg$/;

function planAnsibleRewrite(input: MigrationRewriteInput): MigrationRewrite | undefined {
  const { matrix, mapper, sourceFiles, files, target } = input;
  const plan = planAnsibleMigration({ matrix, mapper, sourceFiles, files, options: { target } });
  if (plan.roleMap.roles.length === 0) return undefined;
  return {
    changes: plan.changes,
    edits: plan.edits.map((e) => ({ file: e.file, line: e.line, kind: "ansible", before: e.before, after: e.after })),
    problems: plan.problems.map((p) => ({
      file: p.path,
      line: p.line ?? 0,
      kind: "ansible",
      reference: p.code,
      reason: p.message,
    })),
    movedDirectories: plan.roleMap.roles.filter((r) => r.from !== r.to).map((r) => ({ from: r.from, to: r.to })),
  };
}

/** Role references, merged roles, layered playbooks and ansible.cfg, in the migration commit. */
export const ansibleRewriter: MigrationRewriter = {
  appliesTo: (sourceFiles) => sourceFiles.some((f) => ANSIBLE_ROLE_FILE.test(f)),
  reads: (path) => ANSIBLE_INPUT_FILE.test(path),
  plan: planAnsibleRewrite,
};
