import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { ansibleDiagnostics, planAnsibleMigration } from "./ansible-migration.ts";
import { mapPath, parseMatrix, type Matrix } from "@infraflux/repo-splitter";

function matrix(rules: string): Matrix {
  const text = `version: 1\nsource: { url: https://example.org/r }\ntargets:\n  r: { url: https://example.org/r }\nunmapped: error\nrules:\n${rules}`;
  const result = parseMatrix("m.yaml", text);
  if (!result.ok) throw new Error(JSON.stringify(result.diagnostics));
  return result.matrix;
}

/** The tree after the history rewrite: every source file at its mapped path. */
function moved(m: Matrix, source: Record<string, string>): Map<string, string> {
  const out = new Map<string, string>();
  for (const [path, text] of Object.entries(source)) {
    const mapping = mapPath(m, path);
    if (mapping.kind !== "move") throw new Error(path);
    for (const d of mapping.destinations) out.set(d.path, text);
  }
  return out;
}

const RULES = `
  - { from: ansible.cfg, to: "r:ansible.cfg" }
  - { from: site.yml, to: "r:playbooks/site.yml" }
  - { from: group_vars/, to: "r:group_vars/" }
  - { from: inventories/, to: "r:inventories/" }
  - { from: roles/foundation/prerequisites/, to: "r:roles/bootstrap/prerequisites/" }
  - { from: roles/foundation/cilium/, to: "r:roles/cluster/cni/cilium/" }
  - { from: roles/platform/argo_cd/, to: "r:roles/platform/argo/cd/" }
`;
const SOURCE: Record<string, string> = {
  "ansible.cfg": "[defaults]\nroles_path = roles:roles/foundation:roles/platform\n",
  "site.yml":
    "- hosts: all\n  roles:\n    - prerequisites\n- hosts: k8s_control_plane\n  roles:\n    - role: foundation/cilium\n      when: cni_provider == 'cilium'\n    - argo_cd\n",
  "group_vars/all.yml": "cluster_name: x\n",
  "inventories/dev/hosts.yml": "all:\n  hosts:\n    a:\n",
  "inventories/dev/group_vars/all.yml": "env: dev\n",
  "roles/foundation/prerequisites/tasks/main.yml": "- name: packages\n  ansible.builtin.package: { name: curl }\n",
  "roles/foundation/cilium/tasks/main.yml": "- ansible.builtin.include_role:\n    name: prerequisites\n",
  "roles/platform/argo_cd/meta/main.yml": "dependencies:\n  - role: cilium\n  - geerlingguy.helm\n",
  "roles/platform/argo_cd/tasks/main.yml": "- import_role:\n    name: nope\n",
};

describe("planAnsibleMigration", () => {
  const m = matrix(RULES);
  const plan = planAnsibleMigration({ matrix: m, sourceFiles: Object.keys(SOURCE), files: moved(m, SOURCE) });
  const out = new Map(plan.changes.map((c) => [c.path, c.content]));

  it("rewrites references (resolved through the old roles_path) and points roles_path at roles/", () => {
    expect(plan.edits.map((e) => `${e.file}:${e.line} ${e.kind} ${e.before} → ${e.after}`)).toEqual([
      "roles/cluster/cni/cilium/tasks/main.yml:2 include_role prerequisites → bootstrap/prerequisites",
      "roles/platform/argo/cd/meta/main.yml:2 meta-dependency cilium → cluster/cni/cilium",
      "ansible.cfg:2 roles-path roles_path = roles:roles/foundation:roles/platform → roles_path = roles",
    ]);
    expect(out.get("roles/platform/argo/cd/meta/main.yml")).toBe(
      "dependencies:\n  - role: cluster/cni/cilium\n  - geerlingguy.helm\n",
    );
    expect(out.get("ansible.cfg")).toBe("[defaults]\nroles_path = roles\n");
  });

  it("reports the reference it cannot resolve with its position, and the group_vars/ no playbook reads any more", () => {
    expect(plan.problems).toEqual([
      {
        code: "ansible-unresolved-role",
        severity: "error",
        path: "roles/platform/argo/cd/tasks/main.yml",
        line: 2,
        column: 11,
        message: expect.stringMatching(/^role "nope": no role "nope" in /),
      },
      {
        code: "ansible-group-vars",
        severity: "warning",
        path: "group_vars/",
        message: expect.stringContaining("no longer loaded"),
      },
    ]);
    expect(ansibleDiagnostics(plan)[0]).toMatchObject({
      code: "ansible-unresolved-role",
      file: "roles/platform/argo/cd/tasks/main.yml",
      span: { line: 2, column: 11 },
    });
  });

  it("replaces the moved old site.yml with the layered entrypoint, built from the roles it ran", () => {
    expect(plan.changes.map((c) => c.path)).toEqual([
      "ansible.cfg",
      "playbooks/bootstrap.yml",
      "playbooks/cluster.yml",
      "playbooks/platform.yml",
      "playbooks/site.yml",
      "roles/cluster/cni/cilium/tasks/main.yml",
      "roles/platform/argo/cd/meta/main.yml",
    ]);
    const cluster = parse(out.get("playbooks/cluster.yml")!) as {
      hosts: string;
      roles: { role: string; when: string }[];
    }[];
    expect(cluster).toEqual([
      {
        name: "Cluster control plane",
        hosts: "k8s_control_plane",
        tags: ["cluster"],
        roles: [{ role: "cluster/cni/cilium", when: "cni_provider == 'cilium'", tags: ["cni_cilium"] }],
      },
    ]);
    expect(out.get("playbooks/site.yml")).toContain("ansible.builtin.import_playbook: platform.yml");
  });

  it("plans nothing for a tree without roles", () => {
    const plain = matrix(`  - { from: docs/, to: "r:docs/" }\n  - { from: site.yml, to: "r:site.yml" }\n`);
    const files = { "docs/a.yml": "- hosts: all\n  roles: [x]\n", "site.yml": "- hosts: all\n  roles: [y]\n" };
    expect(
      planAnsibleMigration({ matrix: plain, sourceFiles: Object.keys(files), files: moved(plain, files) }).changes,
    ).toEqual([]);
  });
});
