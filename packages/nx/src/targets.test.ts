import { describe, expect, it } from "vitest";
import { planTargets } from "./targets.ts";

const PLAN = {
  root: "infra/config-repo",
  environments: [
    { name: "dev", inputs: ["config/environments/dev.yaml"], outputs: ["build/dev/final-config.yaml"] },
    { name: "prod", inputs: ["config/environments/prod.yaml"], outputs: ["build/prod/final-config.yaml"] },
  ],
};

describe("planTargets", () => {
  it("atomizes compile and check per environment with exact inputs and outputs", () => {
    const t = planTargets(PLAN);
    expect(Object.keys(t).sort()).toEqual([
      "check",
      "check--dev",
      "check--prod",
      "compile",
      "compile--dev",
      "compile--prod",
      "validate",
    ]);
    expect(t["compile--dev"]).toMatchObject({
      command: "infraflux compile --root infra/config-repo --env dev",
      cache: true,
      inputs: [
        "{workspaceRoot}/infra/config-repo/config/environments/dev.yaml",
        { externalDependencies: ["@infraflux/cli", "@infraflux/config-compiler"] },
      ],
      outputs: ["{workspaceRoot}/infra/config-repo/build/dev/final-config.yaml"],
    });
    expect(t["check--prod"]?.command).toBe("infraflux compile --root infra/config-repo --env prod --check");
    expect(t["check--prod"]?.inputs).toContain("{workspaceRoot}/infra/config-repo/build/prod/final-config.yaml");
    expect(t.compile?.dependsOn).toEqual(["compile--dev", "compile--prod"]);
    expect(t.check?.dependsOn).toEqual(["check--dev", "check--prod"]);
  });

  it("writes under outDir and runs the configured command for a workspace-root config", () => {
    const t = planTargets(
      { ...PLAN, root: "" },
      { outDir: "out/compiled", command: "node cli.js", toolInputs: ["{workspaceRoot}/cli.js"] },
    );
    expect(t["compile--dev"]).toMatchObject({
      command: "node cli.js compile --root . --env dev --out out/compiled",
      inputs: ["{workspaceRoot}/config/environments/dev.yaml", "{workspaceRoot}/cli.js"],
      outputs: ["{workspaceRoot}/out/compiled/build/dev/final-config.yaml"],
    });
  });
});
