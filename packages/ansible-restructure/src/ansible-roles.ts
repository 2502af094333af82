/**
 * Where each Ansible role of the source tree lands under a matrix, and how an old role
 * reference resolves to the new one. Pure: the caller lists the source files.
 *
 * A role is a directory holding `tasks/`, `handlers/`, `defaults/`, `vars/` or `meta/` with a
 * `main.yml` (or `main.yaml`). A role's new directory is where most of its files land with
 * their role-relative path unchanged; files that land elsewhere are listed as renamed. Two or
 * more roles landing in one directory are a merge; each part's routing value is the name its
 * `tasks/main.yml` got (`tasks/server.yml` → `server`).
 */
import { posix } from "node:path";
import { type Matrix, PathMapper } from "@infraflux/repo-splitter";
import type { RoleResolution, RoleResolver } from "./rewrite-ansible.ts";

export interface AnsibleRole {
  /** Old role directory (repo path, no trailing slash), e.g. `roles/foundation/cilium`. */
  readonly from: string;
  /** New role directory, e.g. `roles/cluster/cni/cilium`. */
  readonly to: string;
  /** The new reference: `to` relative to the roles directory (`cluster/cni/cilium`). */
  readonly name: string;
  /** Set for a part of a merge: the value of the routing variable that selects its tasks. */
  readonly route?: string;
  /** Files whose role-relative path changed (merges rename `tasks/main.yml`, …). */
  readonly renamedFiles: readonly { readonly from: string; readonly to: string }[];
}

export interface RoleMerge {
  readonly into: string;
  readonly name: string;
  readonly parts: readonly AnsibleRole[];
}

export interface RoleMapProblem {
  readonly path: string;
  readonly message: string;
}

export interface RoleMap {
  readonly target: string;
  readonly rolesDir: string;
  readonly roles: readonly AnsibleRole[];
  readonly merges: readonly RoleMerge[];
  readonly problems: readonly RoleMapProblem[];
}

export interface RoleMapOptions {
  /** Target to follow; default: the target whose url equals the source url, else the only one. */
  readonly target?: string;
  /** Directory that holds the roles after the move (roles_path of the new tree); default `roles`. */
  readonly rolesDir?: string;
  /** The run's path mapper over `matrix`, when there is one; default a new one. */
  readonly mapper?: PathMapper;
}

const ROLE_MARKER = /^(.+)\/(tasks|handlers|defaults|vars|meta)\/main\.ya?ml$/;

/** Old role directory → new role directory, merges and problems, from the matrix. Pure. */
export function buildRoleMap(matrix: Matrix, sourceFiles: readonly string[], options: RoleMapOptions = {}): RoleMap {
  const target = options.target ?? pickTarget(matrix);
  const rolesDir = (options.rolesDir ?? "roles").replace(/\/+$/, "");
  const mapper = options.mapper ?? new PathMapper(matrix);
  const files = [...sourceFiles].sort();
  const problems: RoleMapProblem[] = [];
  const roleDirs = [
    ...new Set(files.map((f) => ROLE_MARKER.exec(f)?.[1]).filter((d): d is string => d !== undefined)),
  ].sort();
  const landed = new Map<string, string[]>();
  for (const file of files) {
    for (const d of destinationsOf(mapper, file, target)) landed.set(d, [...(landed.get(d) ?? []), file]);
  }
  const inRole = (file: string) => roleDirs.some((d) => file.startsWith(`${d}/`));
  for (const [path, sources] of landed) {
    if (sources.length > 1 && sources.some(inRole))
      problems.push({
        path,
        message: `${sources.join(" and ")} all land on ${path}: give each its own path in the matrix`,
      });
  }
  const roles: AnsibleRole[] = [];
  for (const dir of roleDirs) {
    if (roleDirs.some((outer) => outer !== dir && dir.startsWith(`${outer}/`))) continue; // a role's files/ may hold role-shaped data
    const role = placeRole(mapper, target, dir, files, rolesDir, problems);
    if (role) roles.push(role);
  }
  const routed = withRoutes(roles, problems);
  return { target, rolesDir, roles: routed, merges: mergesOf(routed), problems };
}

function pickTarget(matrix: Matrix): string {
  const same = [...matrix.targets].find(([, t]) => t.url === matrix.sourceUrl);
  return same?.[0] ?? [...matrix.targets.keys()][0] ?? "";
}

function destinationsOf(mapper: PathMapper, file: string, target: string): string[] {
  const m = mapper.map(file);
  if (m.kind === "move") return m.destinations.filter((d) => d.target === target).map((d) => d.path);
  if (m.kind === "split") return m.cases.filter((c) => c.destination.target === target).map((c) => c.destination.path);
  return [];
}

function placeRole(
  mapper: PathMapper,
  target: string,
  dir: string,
  files: readonly string[],
  rolesDir: string,
  problems: RoleMapProblem[],
): AnsibleRole | undefined {
  const own = files.filter((f) => f.startsWith(`${dir}/`));
  const votes = new Map<string, number>();
  const landings: { from: string; rel: string; to: string }[] = [];
  for (const file of own) {
    const rel = file.slice(dir.length + 1);
    for (const to of destinationsOf(mapper, file, target)) {
      landings.push({ from: file, rel, to });
      if (to.endsWith(`/${rel}`)) {
        const candidate = to.slice(0, -rel.length - 1);
        votes.set(candidate, (votes.get(candidate) ?? 0) + 1);
      }
    }
  }
  // A role whose every file was renamed (a merge part with only tasks/main.yml) still lands
  // where its files' role subdirectory (tasks/, defaults/…) is.
  if (votes.size === 0) {
    for (const l of landings) {
      const sub = `/${l.rel.split("/")[0]}/`;
      const at = l.to.lastIndexOf(sub);
      if (l.rel.includes("/") && at > 0) votes.set(l.to.slice(0, at), (votes.get(l.to.slice(0, at)) ?? 0) + 1);
    }
  }
  const ranked = [...votes].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const to = ranked[0]?.[0];
  if (to === undefined) {
    problems.push({
      path: dir,
      message: `role ${dir} does not land in one directory of ${target}; map its directory with one rule`,
    });
    return undefined;
  }
  if (!to.startsWith(`${rolesDir}/`)) {
    problems.push({
      path: dir,
      message: `role ${dir} lands in ${to}, outside ${rolesDir}/: references to it cannot resolve`,
    });
    return undefined;
  }
  const renamedFiles = landings.filter((l) => l.to !== `${to}/${l.rel}`).map((l) => ({ from: l.from, to: l.to }));
  return { from: dir, to, name: to.slice(rolesDir.length + 1), renamedFiles };
}

/** A part of a merge routes by the name its tasks/main.yml got in the merged role's tasks/. */
function withRoutes(roles: readonly AnsibleRole[], problems: RoleMapProblem[]): AnsibleRole[] {
  const byTo = new Map<string, AnsibleRole[]>();
  for (const r of roles) byTo.set(r.to, [...(byTo.get(r.to) ?? []), r]);
  return roles.map((role) => {
    if ((byTo.get(role.to)?.length ?? 0) < 2) return role;
    const tasks = role.renamedFiles.find((f) => /\/tasks\/main\.ya?ml$/.test(f.from));
    const route = tasks?.to.startsWith(`${role.to}/tasks/`)
      ? posix.basename(tasks.to).replace(/\.ya?ml$/, "")
      : undefined;
    if (!route || route === "main") {
      problems.push({
        path: role.from,
        message: `role ${role.from} merges into ${role.to} but its tasks/main.yml is not renamed to ${role.to}/tasks/<route>.yml, so nothing can select its tasks`,
      });
      return role;
    }
    return { ...role, route };
  });
}

function mergesOf(roles: readonly AnsibleRole[]): RoleMerge[] {
  const byTo = new Map<string, AnsibleRole[]>();
  for (const r of roles) byTo.set(r.to, [...(byTo.get(r.to) ?? []), r]);
  return [...byTo]
    .filter(([, parts]) => parts.length > 1)
    .map(([into, parts]) => ({ into, name: parts[0]!.name, parts }));
}

export interface RoleResolverOptions {
  /**
   * The old tree's role search directories (repo paths, in order), as its ansible.cfg
   * `roles_path` lists them; default `[rolesDir]`. The referencing playbook's own `roles/`
   * directory and, for a role's files, the directory holding that role are searched too.
   */
  readonly searchDirs?: readonly string[];
  /** Variable that routes a merged role's tasks; default `node_role`. */
  readonly routeVariable?: string;
}

/**
 * Resolves old references the way Ansible searches for a role — `<playbook dir>/roles`,
 * then `roles_path`, then (for dependencies) the directory holding the depending role, then
 * the playbook dir — and answers with the new reference relative to the new roles directory.
 */
export function createRoleResolver(map: RoleMap, options: RoleResolverOptions = {}): RoleResolver {
  const byFrom = new Map(map.roles.map((r) => [r.from, r]));
  const search = options.searchDirs ?? [map.rolesDir];
  const routeVariable = options.routeVariable ?? "node_role";
  const roleOfFile = (file: string): string | undefined => [...byFrom.keys()].find((dir) => file.startsWith(`${dir}/`));
  return (reference: string, from: { readonly file: string }): RoleResolution => {
    if (reference.includes("{{"))
      return {
        kind: "unknown",
        reason: `templated role name "${reference}" cannot be resolved statically; rewrite it by hand`,
      };
    if (/^[A-Za-z0-9_]+\.[A-Za-z0-9_]+\.[A-Za-z0-9_]+$/.test(reference)) return { kind: "external" };
    if (reference.startsWith("/") || reference.split("/").includes("..")) {
      return {
        kind: "unknown",
        reason: `role path "${reference}" leaves the search directories; use a name relative to ${map.rolesDir}/`,
      };
    }
    const fileDir = posix.dirname(from.file);
    const owner = roleOfFile(from.file);
    const dirs = [posix.join(fileDir, "roles"), ...search, ...(owner ? [posix.dirname(owner)] : []), fileDir].map((d) =>
      posix.normalize(d),
    );
    for (const dir of dirs) {
      const role = byFrom.get(dir === "." ? reference : `${dir}/${reference}`);
      if (role)
        return { kind: "role", name: role.name, ...(role.route ? { vars: { [routeVariable]: role.route } } : {}) };
    }
    if (/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/.test(reference)) return { kind: "external" };
    return { kind: "unknown", reason: `no role "${reference}" in ${[...new Set(dirs)].join(", ")}` };
  };
}
