/**
 * `ansible.cfg` `roles_path`: read the old tree's role search directories, and point the new
 * tree's at its roles directory. Ansible resolves relative entries of an ini file's path
 * settings against the directory holding that file, so `roles_path = roles` works from
 * wherever the playbook lives (playbooks/ has no roles/ of its own). Pure, line based,
 * every other line kept byte for byte.
 */
import { posix } from "node:path";

const SECTION = /^\s*\[([^\]]+)\]\s*$/;
const ROLES_PATH = /^(\s*roles_path\s*[=:]\s*)(.*?)(\s*)$/;

/** Repo-relative role search directories set by an ansible.cfg at `cfgPath` (empty when none is set). */
export function readRolesPath(cfgPath: string, text: string): string[] {
  const base = posix.dirname(cfgPath);
  let section = "";
  for (const line of text.split("\n")) {
    const s = SECTION.exec(line);
    if (s) section = s[1]!.trim();
    else if (section === "defaults") {
      const m = ROLES_PATH.exec(line);
      if (m) {
        return m[2]!
          .split(":")
          .map((p) => p.trim())
          .filter((p) => p !== "" && !p.startsWith("/") && !p.startsWith("~") && !p.startsWith("$"))
          .map((p) => posix.normalize(posix.join(base, p)).replace(/\/+$/, ""));
      }
    }
  }
  return [];
}

/**
 * The ansible.cfg of the restructured tree: `roles_path` in `[defaults]` set to `rolesDir`
 * (relative to the cfg file), added when missing; the file is created when there is none.
 * Returns `before`/`after` of the changed line for the report (undefined when nothing changed).
 */
export function planAnsibleCfg(
  text: string | undefined,
  rolesDir: string,
): { text: string; before?: string; after?: string } {
  const wanted = rolesDir.replace(/\/+$/, "");
  if (text === undefined)
    return {
      text: `[defaults]\n# Roles are referenced by their layered path (cluster/k3s, platform/argo/cd…).\nroles_path = ${wanted}\n`,
      after: `roles_path = ${wanted}`,
    };
  const lines = text.split("\n");
  let section = "";
  let defaultsAt = -1;
  for (let i = 0; i < lines.length; i++) {
    const s = SECTION.exec(lines[i]!);
    if (s) {
      section = s[1]!.trim();
      if (section === "defaults") defaultsAt = i;
      continue;
    }
    const m = section === "defaults" ? ROLES_PATH.exec(lines[i]!) : null;
    if (m) {
      if (m[2] === wanted) return { text };
      const before = lines[i]!.trim();
      lines[i] = `${m[1]}${wanted}${m[3]}`;
      return { text: lines.join("\n"), before, after: lines[i]!.trim() };
    }
  }
  if (defaultsAt === -1)
    return { text: `[defaults]\nroles_path = ${wanted}\n\n${text}`, after: `roles_path = ${wanted}` };
  lines.splice(defaultsAt + 1, 0, `roles_path = ${wanted}`);
  return { text: lines.join("\n"), after: `roles_path = ${wanted}` };
}
