/**
 * The Ansible part of a migration commit, as one pure plan over the target tree after the
 * history rewrite moved every file: merge roles that landed in one directory, rewrite role
 * references, generate the layered playbooks from where each role landed, and point
 * ansible.cfg's roles_path at the new roles directory. The caller (the splitter's migration
 * commit) reads the tree and writes the changes.
 */
import { posix } from "node:path";
import type { Diagnostic } from "@infraflux/diagnostics";
import { LayoutIndex, type Matrix, type PathMapper } from "@infraflux/repo-splitter";
import { planAnsibleCfg, readRolesPath } from "./ansible-cfg.ts";
import type { AnsibleFileChange } from "./ansible-types.ts";
import {
  collectPlaybookRoles,
  isPlaybook,
  planLayeredPlaybooks,
  type LandedRole,
  type LayeredPlaybookOptions,
} from "./ansible-playbooks.ts";
import { planRoleMerge } from "./ansible-role-merge.ts";
import { buildRoleMap, createRoleResolver, type RoleMap, type RoleMapOptions } from "./ansible-roles.ts";
import { rewriteAnsibleReferences, type AnsibleReferenceEdit, type RoleResolver } from "./rewrite-ansible.ts";

export interface AnsibleMigrationOptions extends RoleMapOptions, LayeredPlaybookOptions {
  /** ansible.cfg in the target tree; default `ansible.cfg`. */
  readonly cfgPath?: string;
}

export interface AnsibleMigrationInput {
  readonly matrix: Matrix;
  /** Paths of the source tree at the split point (the default branch's tip). */
  readonly sourceFiles: readonly string[];
  /** The target tree after the move: path → text of its YAML files and ansible.cfg (other files may be left out). */
  readonly files: ReadonlyMap<string, string>;
  readonly options?: AnsibleMigrationOptions;
  /** The run's path mapper over `matrix`, when there is one; default a new one. */
  readonly mapper?: PathMapper;
}

export interface AnsibleMigrationProblem {
  /** ansible-role-map | ansible-merge | ansible-merge-conflict | ansible-unresolved-role | ansible-yaml | ansible-layer | ansible-group-vars */
  readonly code: string;
  readonly severity: "error" | "warning";
  readonly path: string;
  readonly line?: number;
  readonly column?: number;
  readonly message: string;
}

export interface AnsibleMigrationPlan {
  /** Sorted by path; `content: null` deletes. */
  readonly changes: readonly AnsibleFileChange[];
  readonly roleMap: RoleMap;
  /** Every rewritten reference (file:line, before → after), in the report's order. */
  readonly edits: readonly AnsibleReferenceEdit[];
  readonly problems: readonly AnsibleMigrationProblem[];
}

const YAML_FILE = /\.ya?ml$/;

export function planAnsibleMigration(input: AnsibleMigrationInput): AnsibleMigrationPlan {
  const options = input.options ?? {};
  const roleMap = buildRoleMap(input.matrix, input.sourceFiles, {
    ...options,
    ...(input.mapper ? { mapper: input.mapper } : {}),
  });
  const problems: AnsibleMigrationProblem[] = roleMap.problems.map((p) => ({
    code: "ansible-role-map",
    severity: "error",
    path: p.path,
    message: p.message,
  }));
  if (roleMap.roles.length === 0) return { changes: [], roleMap, edits: [], problems }; // no role lands anywhere: not an Ansible tree
  const layout = new LayoutIndex(input.matrix, input.sourceFiles, roleMap.target, input.mapper);
  const sourceOf = (path: string): string => layout.sourcePathOf(path) ?? path;
  const cfgPath = options.cfgPath ?? "ansible.cfg";
  const cfgText = input.files.get(cfgPath);
  const searchDirs = cfgText === undefined ? [] : readRolesPath(sourceOf(cfgPath), cfgText);
  const base = createRoleResolver(roleMap, {
    searchDirs: searchDirs.length ? searchDirs : [roleMap.rolesDir],
    ...(options.routeVariable ? { routeVariable: options.routeVariable } : {}),
  });
  const resolve: RoleResolver = (reference, from) => base(reference, { file: sourceOf(from.file) });

  const working = new Map(input.files);
  for (const merge of roleMap.merges) {
    if (merge.parts.some((p) => p.route === undefined)) continue; // reported by buildRoleMap
    const plan = planRoleMerge({
      into: merge.into,
      parts: merge.parts.map((p) => ({ route: p.route!, from: p.from })),
      files: working,
      ...(options.routeVariable ? { routeVariable: options.routeVariable } : {}),
    });
    problems.push(
      ...plan.problems.map((p) => ({
        code: / conflict: /.test(p.message) ? "ansible-merge-conflict" : "ansible-merge",
        severity: "error" as const,
        ...p,
      })),
    );
    apply(working, plan.changes);
  }

  const dir = (options.dir ?? "playbooks").replace(/\/+$/, "");
  const playbookFiles = [...working]
    .filter(([path, text]) => YAML_FILE.test(path) && isPlaybook(text))
    .map(([path]) => path)
    .sort();
  const landed = landedRoles(
    playbookFiles.map((p) => ({ path: p, text: working.get(p)! })),
    resolve,
    roleMap,
  );
  const playbooks = options.playbooks ?? input.matrix.ansiblePlaybooks;
  const generated = planLayeredPlaybooks(landed, { ...options, ...(playbooks ? { playbooks } : {}) });
  problems.push(...generated.problems.map((p) => ({ code: "ansible-layer", severity: "error" as const, ...p })));
  const generatedPaths = new Set(generated.changes.map((c) => c.path));

  const edits: AnsibleReferenceEdit[] = [];
  for (const [path, text] of [...working].sort(([a], [b]) => a.localeCompare(b))) {
    if (!YAML_FILE.test(path) || generatedPaths.has(path) || !/role|dependencies/.test(text)) continue;
    const result = rewriteAnsibleReferences(text, path, resolve);
    edits.push(...result.edits);
    problems.push(
      ...result.problems.map((p) => ({
        code: p.kind === "yaml" ? "ansible-yaml" : "ansible-unresolved-role",
        severity: "error" as const,
        path: p.file,
        line: p.line,
        column: p.column,
        message: p.reference ? `role "${p.reference}": ${p.reason}` : p.reason,
      })),
    );
    if (result.text !== text) working.set(path, result.text);
  }
  apply(working, generated.changes);

  const cfg = planAnsibleCfg(cfgText, posix.relative(posix.dirname(cfgPath), roleMap.rolesDir) || ".");
  if (cfg.text !== cfgText) {
    working.set(cfgPath, cfg.text);
    edits.push({
      file: cfgPath,
      line: lineOf(cfg.text, cfg.after ?? ""),
      kind: "roles-path",
      before: cfg.before ?? "",
      after: cfg.after ?? "",
    });
  }
  problems.push(...groupVarsWarnings(working, dir));
  return { changes: diff(input.files, working), roleMap, edits, problems };
}

/** Roles the old playbooks ran directly, in run order, with their hosts; merged parts become one role with routes. */
function landedRoles(
  playbooks: readonly { path: string; text: string }[],
  resolve: RoleResolver,
  roleMap: RoleMap,
): LandedRole[] {
  const landed = new Map<string, LandedRole>();
  for (const { path, text } of playbooks) {
    for (const use of collectPlaybookRoles(text)) {
      const r = resolve(use.reference, { file: path });
      if (r.kind !== "role" || landed.has(r.name)) continue;
      const merge = roleMap.merges.find((m) => m.name === r.name);
      const routes = merge?.parts.map((p) => p.route).filter((x): x is string => x !== undefined);
      landed.set(r.name, {
        name: r.name,
        hosts: use.hosts,
        ...(use.when ? { when: use.when } : {}),
        ...(routes?.length ? { routes } : {}),
      });
    }
  }
  return [...landed.values()];
}

/**
 * Ansible reads group_vars/ beside the inventory or beside the playbook. After the playbooks
 * move into `dir`, a group_vars/ directory beside neither is silently ignored: warn.
 */
function groupVarsWarnings(tree: ReadonlyMap<string, string>, dir: string): AnsibleMigrationProblem[] {
  const paths = [...tree.keys()];
  const parents = new Set(
    paths
      .map((p) => /^(?:(.*)\/)?group_vars\//.exec(p))
      .filter((m) => m !== null)
      .map((m) => m[1] ?? ""),
  );
  const holdsInventory = (d: string) =>
    paths.some((p) => posix.dirname(p) === (d || ".") && /^(hosts|inventory)(\.ya?ml|\.ini)?$/.test(posix.basename(p)));
  return [...parents]
    .filter((d) => d !== dir && !holdsInventory(d))
    .sort()
    .map((d) => ({
      code: "ansible-group-vars",
      severity: "warning" as const,
      path: d ? `${d}/group_vars/` : "group_vars/",
      message: `Ansible reads group_vars/ beside the inventory or the playbook; the playbooks now live in ${dir}/ and no inventory sits beside this directory, so its variables are no longer loaded — move it beside the inventories or into ${dir}/group_vars/`,
    }));
}

function apply(tree: Map<string, string>, changes: readonly AnsibleFileChange[]): void {
  for (const c of changes) {
    if (c.content === null) tree.delete(c.path);
    else tree.set(c.path, c.content);
  }
}

function diff(before: ReadonlyMap<string, string>, after: ReadonlyMap<string, string>): AnsibleFileChange[] {
  const changes: AnsibleFileChange[] = [];
  for (const [path, text] of after) if (before.get(path) !== text) changes.push({ path, content: text });
  for (const path of before.keys()) if (!after.has(path)) changes.push({ path, content: null });
  return changes.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

function lineOf(text: string, needle: string): number {
  const at = text.indexOf(needle);
  return at === -1 ? 1 : text.slice(0, at).split("\n").length;
}

/** The plan's problems as shared Diagnostics (file, line:column), for the CLI and the report. */
export function ansibleDiagnostics(plan: AnsibleMigrationPlan): Diagnostic[] {
  return plan.problems.map((p) => ({
    code: p.code,
    severity: p.severity,
    message: p.message,
    file: p.path,
    ...(p.line !== undefined ? { span: { line: p.line, column: p.column ?? 1 } } : {}),
  }));
}
