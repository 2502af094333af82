import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { materializeFixtureRepo } from "../../../fixtures/materialize.ts";
import { hasTool } from "../../../fixtures/oracles.ts";
import { parseMatrix, runSplit, runVerify, type SplitResult } from "@infraflux/repo-splitter";
import { ansibleRewriter } from "../src/index.ts";
import { git, ROOT, tempDir } from "./_fixture.ts";

const MATRIX = join(ROOT, "fixtures/ansible-repo/matrix.yaml");

describe("in-place restructure of the Ansible repository (one target)", () => {
  let source: string;
  let out: string;
  let result: SplitResult;
  const text = readFileSync(MATRIX, "utf8");
  const parsed = parseMatrix("fixtures/ansible-repo/matrix.yaml", text);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.diagnostics));
  const matrix = parsed.matrix;
  const target = [...matrix.targets.keys()][0]!;

  beforeAll(async () => {
    source = materializeFixtureRepo("ansible-repo", join(tempDir("ansible-src"), "repo"));
    out = join(tempDir("ansible-out"), "out");
    result = await runSplit({ source, matrix, matrixText: text, out, rewriters: [ansibleRewriter] });
  });

  it("keeps the history and passes verify", async () => {
    const verified = await runVerify({ source, matrix, out });
    expect(verified.mismatches).toEqual([]);
    expect(verified.targets[0]!.commitsChecked).toBeGreaterThanOrEqual(80);
    // Both k3s roles' files keep their history up to the migration commit.
    const repo = join(out, target);
    expect(
      Number(git(repo, "rev-list", "--count", "main", "--", "roles/cluster/k3s/tasks/server.yml")),
    ).toBeGreaterThan(1);
    expect(Number(git(repo, "rev-list", "--count", "main", "--", "roles/cluster/k3s/tasks/agent.yml"))).toBeGreaterThan(
      1,
    );
  });

  it("lists every moved role and every rewritten role reference, and reports the defaults conflict of the k3s merge", () => {
    const t = result.report.targets[0]!;
    expect(t.movedRoles.length).toBeGreaterThanOrEqual(20);
    expect(t.generatedFiles).toEqual(
      expect.arrayContaining(["playbooks/site.yml", "roles/cluster/k3s/tasks/main.yml"]),
    );
    expect(t.movedRoles).toContainEqual({ from: "roles/foundation/cilium", to: "roles/cluster/cni/cilium" });
    expect(t.referencesRewritten.filter((e) => e.kind === "ansible").length).toBeGreaterThan(10);
    expect(t.unresolvedReferences).toContainEqual(
      expect.objectContaining({
        kind: "ansible",
        reference: "ansible-merge-conflict",
        reason: expect.stringContaining("k3s_version"),
      }),
    );
    const md = readFileSync(join(out, "report.md"), "utf8");
    expect(md).toContain("## Ansible roles moved in");
  });

  it("writes the layered playbooks, and ansible-playbook --syntax-check accepts every playbook", {
    skip: !hasTool("ansible-playbook"),
  }, () => {
    const repo = join(out, target);
    const playbooks = readdirSync(join(repo, "playbooks")).filter((f) => f.endsWith(".yml"));
    expect(playbooks).toEqual(
      expect.arrayContaining([
        "site.yml",
        "bootstrap.yml",
        "cluster.yml",
        "platform.yml",
        "mlops.yml",
        "observability.yml",
      ]),
    );
    for (const playbook of playbooks) {
      execFileSync("ansible-playbook", ["--syntax-check", "-i", "localhost,", join("playbooks", playbook)], {
        cwd: repo,
        stdio: "pipe",
        env: { ...process.env, ANSIBLE_CONFIG: join(repo, "ansible.cfg") },
      });
    }
  });
});
