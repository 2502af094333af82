/**
 * The Ansible migration plan on the ansible-repo fixture, checked by Ansible itself.
 *
 * A stand-in for the splitter's migration commit: every file of the fixture's tip is copied to
 * where the matrix puts it, `planAnsibleMigration` merges the k3s roles, rewrites role
 * references, writes the layered playbooks and ansible.cfg, and then
 * `ansible-playbook --syntax-check` must accept every playbook (it loads every `roles:` entry,
 * meta dependency and `import_role`/`import_tasks` statically).
 */
import { execFileSync, spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { hasTool } from "../../../fixtures/oracles.ts";
import { materializeFixtureRepo } from "../../../fixtures/materialize.ts";
import { ROLES } from "../../../fixtures/ansible-repo/_roles.ts";
import { mapPath, type Matrix } from "@infraflux/repo-splitter";
import { planAnsibleMigration, type AnsibleMigrationPlan } from "../src/index.ts";
import { loadMatrix, ROOT, tempDir } from "./_fixture.ts";

interface Moved {
  readonly files: Map<string, string>;
  readonly modes: Map<string, string>;
  readonly sourceFiles: string[];
}

/** The fixture's tip with every file at its new path (what the history rewrite produces). */
function moveTip(repo: string, matrix: Matrix): Moved {
  const files = new Map<string, string>();
  const modes = new Map<string, string>();
  const entries = execFileSync("git", ["-C", repo, "ls-files", "-s"], { encoding: "utf8" }).split("\n").filter(Boolean);
  const sourceFiles: string[] = [];
  for (const line of entries) {
    const [meta, path] = line.split("\t") as [string, string];
    sourceFiles.push(path);
    const m = mapPath(matrix, path);
    if (m.kind !== "move") throw new Error(`${path}: ${m.kind}`);
    for (const d of m.destinations) {
      files.set(d.path, readFileSync(join(repo, path), "utf8"));
      modes.set(d.path, meta.split(" ")[0]!);
    }
  }
  return { files, modes, sourceFiles };
}

function writeTree(dir: string, moved: Moved, plan: AnsibleMigrationPlan, skip: ReadonlySet<string> = new Set()): void {
  const tree = new Map(moved.files);
  for (const c of plan.changes) {
    if (skip.has(c.path)) continue;
    if (c.content === null) tree.delete(c.path);
    else tree.set(c.path, c.content);
  }
  for (const [path, text] of tree) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
    if (moved.modes.get(path) === "100755") chmodSync(join(dir, path), 0o755);
  }
}

function syntaxCheck(dir: string, playbook: string): { ok: boolean; output: string } {
  const env = { ...process.env, ANSIBLE_NOCOLOR: "1", ANSIBLE_CONFIG: join(dir, "ansible.cfg") };
  const r = spawnSync("ansible-playbook", ["--syntax-check", playbook], { cwd: dir, encoding: "utf8", env });
  return { ok: r.status === 0, output: `${r.stdout}${r.stderr}` };
}

function walk(dir: string, base = ""): string[] {
  return readdirSync(join(dir, base), { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? walk(dir, join(base, e.name)) : [join(base, e.name)],
  );
}

describe("Ansible restructure of the ansible-repo fixture (pure plan)", () => {
  let root: string;
  let moved: Moved;
  let plan: AnsibleMigrationPlan;
  let after: Map<string, string | null>;
  const { matrix } = loadMatrix(join(ROOT, "fixtures/ansible-repo/matrix.yaml"));

  beforeAll(() => {
    root = tempDir("ansible");
    const repo = materializeFixtureRepo("ansible-repo", join(root, "source"));
    moved = moveTip(repo, matrix);
    plan = planAnsibleMigration({ matrix, sourceFiles: moved.sourceFiles, files: moved.files });
    after = new Map(plan.changes.map((c) => [c.path, c.content]));
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it("maps every role as the seed says (cross-checked against the fixture's own role list)", () => {
    expect(plan.roleMap.roles.map((r) => [r.from, r.name]).sort()).toEqual(ROLES.map((r) => [r.dir, r.to]).sort());
    expect(plan.roleMap.merges.map((m) => [m.name, m.parts.map((p) => `${p.from}=${p.route}`)])).toEqual([
      ["cluster/k3s", ["roles/foundation/k3s_control_plane=server", "roles/foundation/k3s_workers=agent"]],
    ]);
  });

  it("reports exactly the k3s defaults conflict (both values) and the stranded root group_vars/", () => {
    expect(plan.problems.map((p) => [p.code, p.severity, p.path])).toEqual([
      ["ansible-merge-conflict", "error", "roles/cluster/k3s/defaults/agent.yml"],
      ["ansible-group-vars", "warning", "group_vars/"],
    ]);
    expect(plan.problems[0]!.message).toMatch(
      /"k3s_version" is "v1\.30\.2\+k3s1" in roles\/cluster\/k3s\/defaults\/server\.yml:\d+ but "v1\.29\.6\+k3s2" in roles\/cluster\/k3s\/defaults\/agent\.yml:\d+/,
    );
    expect(parse(after.get("roles/cluster/k3s/defaults/main.yml")!)).not.toHaveProperty("k3s_version");
  });

  it("lists every rewritten reference with file:line, before → after, in every form", () => {
    const rows = plan.edits.map((e) => `${e.file}:${e.line} ${e.before} → ${e.after}`);
    expect(rows).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^roles\/mlops\/mlflow\/meta\/main\.yml:\d+ minio → storage\/minio$/),
        expect.stringMatching(
          /^roles\/platform\/registry\/harbor\/meta\/main\.yml:\d+ foundation\/harbor-certs → security\/certs\/harbor$/,
        ),
        expect.stringMatching(
          /^roles\/networking\/metallb\/tasks\/main\.yml:\d+ foundation\/fetch_kubeconfig → cluster\/kubeconfig$/,
        ),
        expect.stringMatching(/^roles\/mlops\/kubeflow\/tasks\/main\.yml:\d+ argo_cd → platform\/argo\/cd$/),
        expect.stringMatching(
          /^roles\/mlops\/kserve\/tasks\/main\.yml:\d+ platform\/istio → platform\/ingress\/istio$/,
        ),
        expect.stringMatching(
          /^roles\/cluster\/k3s\/meta\/main\.yml:\d+ platform_detection → bootstrap\/platform_detection$/,
        ),
        expect.stringMatching(/^ansible\.cfg:\d+ roles_path = roles:roles\/foundation:.* → roles_path = roles$/),
      ]),
    );
    for (const e of plan.edits.filter((x) => x.kind !== "roles-path")) {
      const text = after.get(e.file) ?? moved.files.get(e.file)!;
      expect(text.split("\n")[e.line - 1], `${e.file}:${e.line}`).toContain(e.after);
    }
  });

  it("generates the layered playbooks; the old site.yml becomes the layered entrypoint", () => {
    const site = parse(after.get("playbooks/site.yml")!) as Record<string, unknown>[];
    expect(site.map((p) => [p["ansible.builtin.import_playbook"], p.tags])).toEqual(
      ["bootstrap", "cluster", "platform", "mlops", "observability"].map((b) => [`${b}.yml`, [b]]),
    );
    const cluster = after.get("playbooks/cluster.yml")!;
    expect(cluster).toContain(
      "- role: cluster/k3s\n      vars:\n        node_role: server\n      when: \"cluster_provider == 'k3s'\"",
    );
    expect(cluster).toContain("- role: cluster/k3s\n      vars:\n        node_role: agent\n");
    // Every role the old site.yml ran appears in exactly one generated playbook (k3s in two plays of cluster.yml).
    const generated = ["bootstrap", "cluster", "platform", "mlops", "observability"]
      .map((b) => after.get(`playbooks/${b}.yml`)!)
      .join("\n");
    const ran = new Set([...generated.matchAll(/- role: (\S+)/g)].map((m) => m[1]));
    expect([...ran].sort()).toEqual([...new Set(ROLES.map((r) => r.to))].sort());
  });

  describe.skipIf(!hasTool("ansible-playbook"))("oracle: ansible-playbook --syntax-check", () => {
    let out: string;
    beforeAll(() => {
      out = join(root, "restructured");
      writeTree(out, moved, plan);
    });

    it.each(["site", "bootstrap", "cluster", "platform", "mlops", "observability"])(
      "accepts playbooks/%s.yml",
      (name) => {
        const r = syntaxCheck(out, `playbooks/${name}.yml`);
        expect(r.output).toContain(`playbook: playbooks/${name}.yml`);
        expect(r.ok, r.output).toBe(true);
      },
    );

    it("leaves no old role directory and resolves every include_role name (which syntax-check does not load)", () => {
      const files = walk(out);
      expect(files.filter((f) => /^roles\/(foundation|monitoring)\//.test(f))).toEqual([]);
      expect(existsSync(join(out, "roles/cluster/k3s/tasks/common.yml"))).toBe(true);
      const names = files
        .filter((f) => f.endsWith(".yml"))
        .flatMap((f) =>
          [...readFileSync(join(out, f), "utf8").matchAll(/include_role:\n\s+name: (\S+)/g)].map((m) => m[1]!),
        );
      expect(names.length).toBeGreaterThanOrEqual(2);
      for (const name of names) expect(existsSync(join(out, "roles", name, "tasks/main.yml")), name).toBe(true);
    });

    it("fails when a reference is left unrewritten (the oracle can tell)", () => {
      const broken = join(root, "broken");
      writeTree(broken, moved, plan, new Set(["roles/mlops/mlflow/meta/main.yml"]));
      const r = syntaxCheck(broken, "playbooks/mlops.yml");
      expect(r.ok).toBe(false);
      expect(r.output).toMatch(/the role 'minio' was not found/);
    });
  });
});
