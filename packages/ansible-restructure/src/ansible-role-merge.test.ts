import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { planRoleMerge } from "./ansible-role-merge.ts";

const D = "roles/cluster/k3s";
const SHARED =
  "- name: Download installer\n  ansible.builtin.get_url:\n    url: https://get.k3s.io\n    dest: /tmp/k3s.sh\n";
const FILES: Record<string, string> = {
  [`${D}/tasks/server.yml`]: `---\n# k3s server\n${SHARED}# the server part\n- name: Install server\n  ansible.builtin.command: /tmp/k3s.sh server\n`,
  [`${D}/tasks/agent.yml`]: `---\n# k3s agent\n${SHARED}- name: Join\n  ansible.builtin.command: /tmp/k3s.sh agent\n`,
  [`${D}/defaults/server.yml`]: `---\n# server defaults\nk3s_version: "v1.30.2"\nk3s_dir: /etc/rancher/k3s  # shared\nk3s_cidr: 10.42.0.0/16\n`,
  [`${D}/defaults/agent.yml`]: `---\nk3s_version: "v1.29.6"\nk3s_dir: /etc/rancher/k3s\nk3s_url: https://cp:6443\n`,
  [`${D}/meta/server.yml`]:
    "---\ngalaxy_info:\n  role_name: k3s_control_plane\n  license: MIT\ndependencies:\n  - prerequisites\n  - platform_detection\n",
  [`${D}/meta/agent.yml`]:
    "---\ngalaxy_info:\n  role_name: k3s_workers\ndependencies:\n  - prerequisites\n  - role: nfs_clients\n    when: use_nfs\n",
  [`${D}/handlers/server.yml`]: "- name: Restart k3s\n  ansible.builtin.systemd: { name: k3s, state: restarted }\n",
  [`${D}/handlers/agent.yml`]:
    "- name: Restart k3s-agent\n  ansible.builtin.systemd: { name: k3s-agent, state: restarted }\n",
};
const PARTS = [
  { route: "server", from: "roles/foundation/k3s_control_plane" },
  { route: "agent", from: "roles/foundation/k3s_workers" },
];

function merge(files: Record<string, string> = FILES) {
  const result = planRoleMerge({ into: D, parts: PARTS, files: new Map(Object.entries(files)) });
  return { ...result, out: new Map(result.changes.map((c) => [c.path, c.content])) };
}

describe("planRoleMerge", () => {
  it("routes tasks/main.yml by node_role and moves the tasks both parts start with into common.yml", () => {
    const { out } = merge();
    const main = parse(out.get(`${D}/tasks/main.yml`)!) as Record<string, unknown>[];
    expect(main.map((t) => [t["ansible.builtin.import_tasks"], t.when])).toEqual([
      ["common.yml", undefined],
      [undefined, undefined],
      ["server.yml", "node_role == 'server'"],
      ["agent.yml", "node_role == 'agent'"],
    ]);
    expect((main[1]!["ansible.builtin.assert"] as { that: string }).that).toBe(
      "node_role is defined and node_role in ['server', 'agent']",
    );
    expect(out.get(`${D}/tasks/common.yml`)).toContain(SHARED);
    // Each part keeps its header and the comment heading its own first task; the shared task is gone.
    expect(out.get(`${D}/tasks/server.yml`)).toBe(
      "---\n# k3s server\n# the server part\n- name: Install server\n  ansible.builtin.command: /tmp/k3s.sh server\n",
    );
    expect(out.get(`${D}/tasks/agent.yml`)).toBe(
      "---\n# k3s agent\n- name: Join\n  ansible.builtin.command: /tmp/k3s.sh agent\n",
    );
  });

  it("writes no common.yml when the parts share no leading task", () => {
    const { out } = merge({ ...FILES, [`${D}/tasks/agent.yml`]: "- name: Join\n  ansible.builtin.command: x\n" });
    expect(out.has(`${D}/tasks/common.yml`)).toBe(false);
    expect(out.has(`${D}/tasks/agent.yml`)).toBe(false);
    expect(out.get(`${D}/tasks/main.yml`)).not.toContain("common.yml");
  });

  it("combines defaults, keeps equal keys once with their comments, and reports a conflict with both values instead of choosing", () => {
    const { out, problems } = merge();
    const text = out.get(`${D}/defaults/main.yml`)!;
    expect(parse(text)).toEqual({ k3s_dir: "/etc/rancher/k3s", k3s_cidr: "10.42.0.0/16", k3s_url: "https://cp:6443" });
    expect(text).toContain("k3s_dir: /etc/rancher/k3s  # shared\n");
    expect(text).toContain('# CONFLICT k3s_version: server="v1.30.2", agent="v1.29.6"');
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ path: `${D}/defaults/agent.yml`, line: 2 });
    expect(problems[0]!.message).toContain(
      `"k3s_version" is "v1.30.2" in ${D}/defaults/server.yml:3 but "v1.29.6" in ${D}/defaults/agent.yml:2`,
    );
    expect(out.get(`${D}/defaults/server.yml`)).toBeNull();
    expect(out.get(`${D}/defaults/agent.yml`)).toBeNull();
  });

  it("unites meta dependencies; one only some parts had runs only for their node_role", () => {
    const { out } = merge();
    const meta = parse(out.get(`${D}/meta/main.yml`)!) as {
      galaxy_info: Record<string, string>;
      dependencies: unknown[];
    };
    expect(meta.galaxy_info).toEqual({ role_name: "k3s", license: "MIT" });
    expect(meta.dependencies).toEqual([
      "prerequisites",
      { role: "platform_detection", when: "node_role in ['server']" },
      { role: "nfs_clients", when: ["use_nfs", "node_role in ['agent']"] },
    ]);
    expect(out.get(`${D}/meta/server.yml`)).toBeNull();
  });

  it("concatenates handlers and reports two different handlers with one name", () => {
    expect(parse(merge().out.get(`${D}/handlers/main.yml`)!)).toHaveLength(2);
    const clash = merge({
      ...FILES,
      [`${D}/handlers/agent.yml`]:
        "- name: Restart k3s\n  ansible.builtin.systemd: { name: k3s-agent, state: restarted }\n",
    });
    expect(clash.problems.map((p) => p.message)).toContainEqual(expect.stringMatching(/handler "Restart k3s" differs/));
  });

  it.each([
    [
      "a part without its tasks file",
      { [`${D}/tasks/agent.yml`]: undefined },
      /k3s_workers's tasks\/main.yml is not at roles\/cluster\/k3s\/tasks\/agent.yml/,
    ],
    ["an existing tasks/main.yml", { [`${D}/tasks/main.yml`]: "- debug: {}\n" }, /tasks\/main.yml already exists/],
    ["invalid YAML in a defaults file", { [`${D}/defaults/agent.yml`]: "a: [\n" }, /expected one valid YAML document/],
  ])("reports %s and does not write over it", (_, patch, message) => {
    const files = Object.fromEntries(
      Object.entries({ ...FILES, ...patch }).filter(([, v]) => v !== undefined),
    ) as Record<string, string>;
    const { problems, out } = merge(files);
    expect(problems.map((p) => p.message).join("\n")).toMatch(message);
    expect(out.get(`${D}/tasks/main.yml`) === undefined || !(`${D}/tasks/main.yml` in patch)).toBe(true);
  });
});
