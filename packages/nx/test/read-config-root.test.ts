import { cpSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createNodesV2, readConfigRoot } from "../src/plugin.ts";

const ROOT = join(import.meta.dirname, "../../..");
const CONFIG = "fixtures/config-repo/config/infraflux.config.yaml";

describe("readConfigRoot on fixtures/config-repo (the compiler reports what each environment reads)", () => {
  const plan = readConfigRoot(ROOT, CONFIG);
  const env = (name: string) => plan.environments.find((e) => e.name === name);

  it("finds the config root and every environment", () => {
    expect(plan.root).toBe("fixtures/config-repo");
    expect(plan.environments.map((e) => e.name)).toEqual(["dev", "prod", "staging"]);
  });

  it("gives each environment its own layers, template, cluster file and SOPS file", () => {
    expect(env("prod")?.inputs).toEqual(
      expect.arrayContaining([
        "config/templates/large.yaml",
        "config/clusters/prod-cluster.yaml",
        "secrets/prod/grafana-admin.sops.yaml",
        "terraform/modules/cluster/variables.tf",
        "kubernetes/base/cilium/values.yaml",
      ]),
    );
    expect(env("dev")?.inputs).toContain("secrets/platform/grafana-admin.sops.yaml");
    expect(env("dev")?.inputs).not.toContain("config/clusters/prod-cluster.yaml");
    expect(env("dev")?.inputs).not.toContain("config/templates/large.yaml");
    expect(env("dev")?.inputs).not.toContain("secrets/prod/grafana-admin.sops.yaml");
    expect(env("staging")?.outputs).toContain("terraform/environments/staging/terraform.tfvars");
  });

  it("falls back to every loaded file, and no outputs, for an environment the compiler rejects", () => {
    const dir = mkdtempSync(join(tmpdir(), "infraflux-nx-"));
    try {
      cpSync(join(ROOT, "fixtures/config-repo"), dir, { recursive: true });
      writeFileSync(join(dir, "config/environments/broken.yaml"), "clusterOverrides: 1\n");
      const broken = readConfigRoot(dir, "config/infraflux.config.yaml");
      expect(broken.root).toBe("");
      const b = broken.environments.find((e) => e.name === "broken");
      expect(b?.outputs).toEqual([]);
      expect(b?.inputs).toContain("config/environments/dev.yaml");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("creates one named project per config root through createNodesV2", async () => {
    const [glob, create] = createNodesV2;
    expect(glob).toBe("**/config/infraflux.config.yaml");
    const results = await create([CONFIG], {}, { workspaceRoot: ROOT, nxJsonConfiguration: {} } as never);
    const project = results[0]?.[1].projects?.["fixtures/config-repo"];
    expect(project?.name).toBe("config-repo");
    expect(Object.keys(project?.targets ?? {})).toEqual(
      expect.arrayContaining(["compile--prod", "check--dev", "validate"]),
    );
  });
});
