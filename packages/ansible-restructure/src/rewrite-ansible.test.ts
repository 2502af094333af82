import { describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";
import { rewriteAnsibleReferences, type RoleResolver } from "./rewrite-ansible.ts";

const MOVES: Record<string, string> = {
  "foundation/cilium": "cluster/cni/cilium",
  cilium: "cluster/cni/cilium",
  "platform/argo_cd": "platform/argo/cd",
  argo_cd: "platform/argo/cd",
  "storage/minio": "storage/minio",
  "foundation/secrets": "security/secrets",
};
const MERGED: Record<string, string> = { "foundation/k3s_control_plane": "server", "foundation/k3s_workers": "agent" };

const resolve: RoleResolver = (ref) => {
  if (MOVES[ref]) return { kind: "role", name: MOVES[ref] };
  if (MERGED[ref]) return { kind: "role", name: "cluster/k3s", vars: { node_role: MERGED[ref] } };
  if (ref.includes(".")) return { kind: "external" };
  return { kind: "unknown", reason: `no role "${ref}"` };
};

const rewrite = (text: string, file = "site.yml") => rewriteAnsibleReferences(text, file, resolve);

describe("rewriteAnsibleReferences", () => {
  const cases: {
    name: string;
    file?: string;
    input: string;
    output: string;
    edits: [number, string, string, string][];
  }[] = [
    {
      name: "plain roles: entries and role:/name: keys, comments and quoting kept",
      input: `---\n# Phase 2\n- hosts: k8s  # cluster\n  roles:\n    - foundation/cilium   # CNI\n    - role: 'argo_cd'\n      tags: [argo]\n    - { name: "storage/minio", when: enable_minio }\n`,
      output: `---\n# Phase 2\n- hosts: k8s  # cluster\n  roles:\n    - cluster/cni/cilium   # CNI\n    - role: 'platform/argo/cd'\n      tags: [argo]\n    - { name: "storage/minio", when: enable_minio }\n`,
      edits: [
        [5, "play-roles", "foundation/cilium", "cluster/cni/cilium"],
        [6, "play-roles", "argo_cd", "platform/argo/cd"],
      ],
    },
    {
      name: "include_role/import_role name: in tasks, FQCN modules, blocks and free-form args",
      file: "roles/platform/argo_cd/tasks/main.yml",
      input: [
        "- name: CNI first",
        "  ansible.builtin.include_role:",
        "    name: foundation/cilium",
        "- block:",
        "    - import_role:",
        '        name: "argo_cd"',
        "        tasks_from: install",
        "  rescue:",
        "    - include_role: name=foundation/secrets tasks_from=seal",
        "",
      ].join("\n"),
      output: [
        "- name: CNI first",
        "  ansible.builtin.include_role:",
        "    name: cluster/cni/cilium",
        "- block:",
        "    - import_role:",
        '        name: "platform/argo/cd"',
        "        tasks_from: install",
        "  rescue:",
        "    - include_role: name=security/secrets tasks_from=seal",
        "",
      ].join("\n"),
      edits: [
        [3, "include_role", "foundation/cilium", "cluster/cni/cilium"],
        [6, "import_role", "argo_cd", "platform/argo/cd"],
        [9, "include_role", "foundation/secrets", "security/secrets"],
      ],
    },
    {
      name: "meta dependencies (strings and role: keys)",
      file: "roles/mlops/kserve/meta/main.yml",
      input: `galaxy_info:\n  role_name: kserve\ndependencies:\n  - cilium\n  - role: platform/argo_cd\n    when: enable_argo | bool\n`,
      output: `galaxy_info:\n  role_name: kserve\ndependencies:\n  - cluster/cni/cilium\n  - role: platform/argo/cd\n    when: enable_argo | bool\n`,
      edits: [
        [4, "meta-dependency", "cilium", "cluster/cni/cilium"],
        [5, "meta-dependency", "platform/argo_cd", "platform/argo/cd"],
      ],
    },
    {
      name: "merged role: routing variable added as vars (block map, plain entry, task)",
      input: [
        "- hosts: k8s_control_plane",
        "  roles:",
        "    - role: foundation/k3s_control_plane",
        "      tags: [k3s]",
        "    - foundation/k3s_workers",
        "  tasks:",
        "    - name: agents",
        "      include_role:",
        "        name: foundation/k3s_workers",
        "      when: join | bool",
        "",
      ].join("\n"),
      output: [
        "- hosts: k8s_control_plane",
        "  roles:",
        "    - role: cluster/k3s",
        "      tags: [k3s]",
        "      vars:",
        "        node_role: server",
        "    - { role: cluster/k3s, vars: { node_role: agent } }",
        "  tasks:",
        "    - name: agents",
        "      include_role:",
        "        name: cluster/k3s",
        "      when: join | bool",
        "      vars:",
        "        node_role: agent",
        "",
      ].join("\n"),
      edits: [
        [3, "play-roles", "foundation/k3s_control_plane", "cluster/k3s"],
        [5, "play-roles", "foundation/k3s_workers", "cluster/k3s"],
        [9, "include_role", "foundation/k3s_workers", "cluster/k3s"],
      ],
    },
    {
      name: "merged role with an existing block vars: the key goes inside; an explicit value is kept",
      input:
        "- hosts: all\n  roles:\n    - role: foundation/k3s_workers\n      vars:\n        k3s_token: x\n    - role: foundation/k3s_control_plane\n      node_role: server\n",
      output:
        "- hosts: all\n  roles:\n    - role: cluster/k3s\n      vars:\n        k3s_token: x\n        node_role: agent\n    - role: cluster/k3s\n      node_role: server\n",
      edits: [
        [3, "play-roles", "foundation/k3s_workers", "cluster/k3s"],
        [6, "play-roles", "foundation/k3s_control_plane", "cluster/k3s"],
      ],
    },
  ];

  for (const c of cases) {
    it(c.name, () => {
      const file = c.file ?? "site.yml";
      const result = rewrite(c.input, file);
      expect(result.problems).toEqual([]);
      expect(result.text).toBe(c.output);
      expect(result.edits.map((e) => [e.line, e.kind, e.before, e.after])).toEqual(c.edits);
      expect(result.edits.every((e) => e.file === file)).toBe(true);
      // The output is still YAML and parses to the same shape.
      for (const doc of parseAllDocuments(result.text)) expect(doc.errors).toEqual([]);
    });
  }

  it("leaves external roles alone and changes nothing when every reference is already new", () => {
    const text =
      "- hosts: all\n  roles:\n    - geerlingguy.docker\n    - kubernetes.core.helm_role\n    - cluster/cni/cilium-not-a-role-here\n";
    const result = rewriteAnsibleReferences(text, "site.yml", (ref) =>
      ref.includes(".") ? { kind: "external" } : { kind: "role", name: ref },
    );
    expect(result).toEqual({ text, edits: [], problems: [] });
  });

  const invalid: { name: string; file?: string; input: string; problem: [number, number, string, RegExp] }[] = [
    {
      name: "an unknown role",
      input: "- hosts: all\n  roles:\n    - foundation/nope\n",
      problem: [3, 7, "foundation/nope", /no role "foundation\/nope"/],
    },
    {
      name: "a merged role referenced with tasks_from",
      file: "roles/x/tasks/main.yml",
      input: "- import_role:\n    name: foundation/k3s_workers\n    tasks_from: join\n",
      problem: [2, 11, "foundation/k3s_workers", /tasks_from/],
    },
    {
      name: "a merged role in a flow map with vars",
      input: "- hosts: all\n  roles:\n    - { role: foundation/k3s_workers, vars: { a: 1 } }\n",
      problem: [3, 15, "foundation/k3s_workers", /flow-style/],
    },
    { name: "invalid YAML", input: "- hosts: all\n  roles: [a\n", problem: [3, 1, "", /not valid YAML/] },
  ];
  for (const c of invalid) {
    it(`reports ${c.name} with its position and leaves it unchanged`, () => {
      const result = rewrite(c.input, c.file);
      expect(result.problems.map((p) => [p.line, p.column, p.reference])).toEqual([c.problem.slice(0, 3)]);
      expect(result.problems[0]!.reason).toMatch(c.problem[3]);
      expect(result.text).toBe(c.input);
    });
  }

  it("keeps every byte outside the edited scalars (CRLF-free multi-document file)", () => {
    const input =
      '---\n- hosts: a\n  roles: [cilium]\n...\n---\n# second play file\n- hosts: b\n  roles:\n    - "argo_cd" # quoted\n';
    const result = rewrite(input);
    expect(result.text).toBe(
      '---\n- hosts: a\n  roles: [cluster/cni/cilium]\n...\n---\n# second play file\n- hosts: b\n  roles:\n    - "platform/argo/cd" # quoted\n',
    );
  });
});
