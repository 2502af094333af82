import { describe, expect, it } from "vitest";
import { planAnsibleCfg, readRolesPath } from "./ansible-cfg.ts";
import { buildRoleMap, createRoleResolver } from "./ansible-roles.ts";
import { parseMatrix, type Matrix } from "@infraflux/repo-splitter";

function matrix(rules: string): Matrix {
  const text = `version: 1\nsource: { url: https://example.org/r }\ntargets:\n  r: { url: https://example.org/r }\nunmapped: error\nrules:\n${rules}`;
  const result = parseMatrix("m.yaml", text);
  if (!result.ok) throw new Error(JSON.stringify(result.diagnostics));
  return result.matrix;
}

const MERGE_RULES = `
  - { from: site.yml, to: "r:playbooks/site.yml" }
  - { from: roles/foundation/cilium/, to: "r:roles/cluster/cni/cilium/" }
  - { from: roles/platform/argo_cd/, to: "r:roles/platform/argo/cd/" }
  - { from: roles/foundation/k3s_control_plane/, to: "r:roles/cluster/k3s/" }
  - { from: roles/foundation/k3s_control_plane/tasks/main.yml, to: "r:roles/cluster/k3s/tasks/server.yml" }
  - { from: roles/foundation/k3s_control_plane/defaults/main.yml, to: "r:roles/cluster/k3s/defaults/server.yml" }
  - { from: roles/foundation/k3s_workers/, to: "r:roles/cluster/k3s/" }
  - { from: roles/foundation/k3s_workers/tasks/main.yml, to: "r:roles/cluster/k3s/tasks/agent.yml" }
  - { from: roles/foundation/k3s_workers/defaults/main.yml, to: "r:roles/cluster/k3s/defaults/agent.yml" }
`;
const FILES = [
  "site.yml",
  "roles/foundation/cilium/tasks/main.yml",
  "roles/foundation/cilium/defaults/main.yml",
  "roles/foundation/cilium/templates/values.yaml.j2",
  "roles/platform/argo_cd/meta/main.yml",
  "roles/platform/argo_cd/tasks/wait.yml",
  "roles/foundation/k3s_control_plane/tasks/main.yml",
  "roles/foundation/k3s_control_plane/defaults/main.yml",
  "roles/foundation/k3s_control_plane/templates/server.j2",
  "roles/foundation/k3s_workers/tasks/main.yml",
  "roles/foundation/k3s_workers/defaults/main.yml",
  "roles/foundation/k3s_workers/templates/agent.j2",
];

describe("buildRoleMap", () => {
  const map = buildRoleMap(matrix(MERGE_RULES), FILES);

  it("finds every role directory and where it lands, named relative to roles/", () => {
    expect(map.target).toBe("r");
    expect(map.roles.map((r) => [r.from, r.to, r.name, r.route])).toEqual([
      ["roles/foundation/cilium", "roles/cluster/cni/cilium", "cluster/cni/cilium", undefined],
      ["roles/foundation/k3s_control_plane", "roles/cluster/k3s", "cluster/k3s", "server"],
      ["roles/foundation/k3s_workers", "roles/cluster/k3s", "cluster/k3s", "agent"],
      ["roles/platform/argo_cd", "roles/platform/argo/cd", "platform/argo/cd", undefined],
    ]);
    expect(map.problems).toEqual([]);
  });

  it("describes the merge: both parts, their renamed files and routes", () => {
    expect(map.merges).toHaveLength(1);
    const [merge] = map.merges;
    expect(merge!.into).toBe("roles/cluster/k3s");
    expect(merge!.parts.map((p) => p.route)).toEqual(["server", "agent"]);
    expect(merge!.parts[1]!.renamedFiles).toEqual([
      { from: "roles/foundation/k3s_workers/defaults/main.yml", to: "roles/cluster/k3s/defaults/agent.yml" },
      { from: "roles/foundation/k3s_workers/tasks/main.yml", to: "roles/cluster/k3s/tasks/agent.yml" },
    ]);
  });

  const broken: { name: string; rules: string; files: string[]; message: RegExp }[] = [
    {
      name: "two files landing on one path",
      rules: `  - { from: roles/a/x/, to: "r:roles/m/" }\n  - { from: roles/a/y/, to: "r:roles/m/" }\n`,
      files: ["roles/a/x/tasks/main.yml", "roles/a/y/tasks/main.yml"],
      message: /roles\/a\/x\/tasks\/main.yml and roles\/a\/y\/tasks\/main.yml all land on roles\/m\/tasks\/main.yml/,
    },
    {
      name: "a role moved out of roles/",
      rules: `  - { from: roles/a/x/, to: "r:utilities/x/" }\n`,
      files: ["roles/a/x/tasks/main.yml"],
      message: /lands in utilities\/x, outside roles\//,
    },
    {
      name: "a merge part whose tasks/main.yml keeps its name",
      rules: `  - { from: roles/a/x/, to: "r:roles/m/" }\n  - { from: roles/a/y/, to: "r:roles/m/" }\n  - { from: roles/a/y/tasks/main.yml, to: "r:roles/m/tasks/y.yml" }\n`,
      files: ["roles/a/x/tasks/main.yml", "roles/a/x/defaults/main.yml", "roles/a/y/tasks/main.yml"],
      message: /roles\/a\/x merges into roles\/m but its tasks\/main.yml is not renamed/,
    },
  ];
  for (const c of broken) {
    it(`reports ${c.name}`, () => {
      const result = buildRoleMap(matrix(c.rules), c.files);
      expect(result.problems.map((p) => p.message).join("\n")).toMatch(c.message);
    });
  }
});

describe("createRoleResolver", () => {
  const map = buildRoleMap(matrix(MERGE_RULES), FILES);
  const resolve = createRoleResolver(map, { searchDirs: ["roles", "roles/foundation", "roles/platform"] });
  const cases: [string, string, unknown][] = [
    ["site.yml", "foundation/cilium", { kind: "role", name: "cluster/cni/cilium" }],
    ["site.yml", "cilium", { kind: "role", name: "cluster/cni/cilium" }],
    ["site.yml", "argo_cd", { kind: "role", name: "platform/argo/cd" }],
    ["site.yml", "foundation/k3s_workers", { kind: "role", name: "cluster/k3s", vars: { node_role: "agent" } }],
    [
      "roles/platform/argo_cd/meta/main.yml",
      "k3s_control_plane",
      { kind: "role", name: "cluster/k3s", vars: { node_role: "server" } },
    ],
    ["site.yml", "geerlingguy.docker", { kind: "external" }],
    ["site.yml", "kubernetes.core.helm_role", { kind: "external" }],
  ];
  for (const [file, ref, expected] of cases) {
    it(`${file}: ${ref}`, () => expect(resolve(ref, { file })).toEqual(expected));
  }

  it("searches the playbook's own roles/ and, for a role's files, the directory holding that role", () => {
    const narrow = createRoleResolver(map, { searchDirs: [] });
    expect(narrow("cilium", { file: "roles/foundation/k3s_workers/meta/main.yml" })).toEqual({
      kind: "role",
      name: "cluster/cni/cilium",
    });
    expect(narrow("platform/argo_cd", { file: "site.yml" })).toEqual({ kind: "role", name: "platform/argo/cd" });
    expect(narrow("cilium", { file: "site.yml" }).kind).toBe("unknown");
  });

  it.each([
    ["templated", "cluster/{{ provider }}", /templated role name/],
    ["escaping", "../other/role", /leaves the search directories/],
    ["unknown", "foundation/nope", /no role "foundation\/nope" in roles, roles\/foundation/],
  ])("answers unknown for a %s reference", (_, ref, reason) => {
    const r = resolve(ref, { file: "site.yml" });
    expect(r.kind).toBe("unknown");
    expect(r.kind === "unknown" && r.reason).toMatch(reason);
  });
});

describe("ansible.cfg roles_path", () => {
  it("reads roles_path relative to the cfg file, ignoring absolute and home entries", () => {
    const cfg =
      "[ssh_connection]\nroles_path = nope\n[defaults]\ninventory = x\nroles_path = ./roles:roles/foundation/:/etc/ansible/roles:~/.ansible/roles\n";
    expect(readRolesPath("ansible.cfg", cfg)).toEqual(["roles", "roles/foundation"]);
    expect(readRolesPath("infra/ansible.cfg", cfg)).toEqual(["infra/roles", "infra/roles/foundation"]);
    expect(readRolesPath("ansible.cfg", "[defaults]\ninventory = x\n")).toEqual([]);
  });

  const cases: [string, string | undefined, string, string | undefined][] = [
    [
      "replaces the value in place",
      "[defaults]\n# keep\nroles_path = roles:roles/a  \nforks = 5\n",
      "[defaults]\n# keep\nroles_path = roles  \nforks = 5\n",
      "roles_path = roles:roles/a",
    ],
    ["adds it under [defaults]", "[defaults]\nforks = 5\n", "[defaults]\nroles_path = roles\nforks = 5\n", undefined],
    [
      "adds [defaults] when missing",
      "[ssh_connection]\npipelining = True\n",
      "[defaults]\nroles_path = roles\n\n[ssh_connection]\npipelining = True\n",
      undefined,
    ],
  ];
  for (const [name, input, output, before] of cases) {
    it(name, () => {
      const r = planAnsibleCfg(input, "roles");
      expect(r.text).toBe(output);
      expect(r.before).toBe(before);
      expect(r.after).toBe("roles_path = roles");
    });
  }

  it("changes nothing when roles_path is already right, and creates a file when there is none", () => {
    expect(planAnsibleCfg("[defaults]\nroles_path = roles\n", "roles")).toEqual({
      text: "[defaults]\nroles_path = roles\n",
    });
    expect(readRolesPath("ansible.cfg", planAnsibleCfg(undefined, "roles").text)).toEqual(["roles"]);
  });
});
