import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { expectGoldenFiles } from "../../../fixtures/golden.ts";
import { parseProjectConfig, projectConfigJsonSchema } from "../src/index.ts";

describe("infraflux.config.yaml schema", () => {
  it("the published JSON Schema is generated from the zod schema (drift test; npm run golden:update regenerates it)", () => {
    expectGoldenFiles(
      join(import.meta.dirname, "../schema"),
      new Map([["infraflux.config.schema.json", JSON.stringify(projectConfigJsonSchema(), null, 2)]]),
    );
  });

  it("reports invalid settings with positions, all at once", () => {
    const { diagnostics } = parseProjectConfig(
      'layers: [defaults, enviroment]\noutputs:\n  terraform:\n    path: x\n    variables: {"bad name": cluster}\n  extra: 1\n',
      "config/infraflux.config.yaml",
    );
    expect(diagnostics.map((d) => [d.code, d.span?.line])).toEqual([
      ["invalid-project-config", 1],
      ["invalid-project-config", 5],
      ["unknown-key", 6],
    ]);
  });

  it("an absent file means the documented defaults", () => {
    const { project, diagnostics } = parseProjectConfig(undefined, "config/infraflux.config.yaml");
    expect(diagnostics).toEqual([]);
    expect(project.config.layers).toEqual(["defaults", "template", "environment", "cluster", "custom"]);
    expect(project.config.outputs.finalConfig.path).toBe("build/{env}/final-config.yaml");
  });
});
