import { describe, expect, it } from "vitest";
import { hasTool } from "../../../fixtures/oracles.ts";
import { compileConfig, explainKey, formatExplain, nodeAt, renderFinalConfig, toPlain } from "../src/index.ts";
import { memoryInput } from "./_input.ts";
import { jsonValue, readBackThroughTerraform } from "./_terraform.ts";

const PROJECT = `outputs:
  terraform:
    path: tf/{env}.tfvars
    variablesFile: tf/variables.tf
    variables:
      cluster_config: cluster
      region_config: region
`;

/** An in-memory repository shaped like an Atmos stack: region and stage mixins, a catalog, environments importing them. */
const stack: Record<string, string> = {
  "config/infraflux.config.yaml": PROJECT,
  "config/defaults/00.yaml":
    'cluster:\n  name: ""\n  nodes: 1\n  tier: dev\nregion:\n  name: ""\n  zones: []\ncomponents:\n  vpc:\n    cidr: ""\n  dns:\n    zone: ""\n',
  "config/mixins/region/eu-west-1.yaml": "region:\n  name: eu-west-1\n  zones: [a, b]\n",
  "config/mixins/stage/prod.yaml": "import: [mixins/region/eu-west-1]\ncluster:\n  tier: prod\n  nodes: 3\n",
  "config/catalog/dns.yaml": "components:\n  dns:\n    zone: example.com\n",
  "config/catalog/vpc.yaml": "components:\n  vpc:\n    cidr: 10.0.0.0/16\n",
  "config/environments/prod.yaml":
    "import:\n  - mixins/stage/prod.yaml\n  - catalog/*.yaml\ncluster:\n  name: prod\n  nodes: 5\n",
  "tf/variables.tf": 'variable "cluster_config" {}\nvariable "region_config" {}\n',
};

const input = memoryInput;

const compile = (files: Record<string, string>) => compileConfig(input(files), { envs: ["prod"] });

describe("import: in layer files", () => {
  it("merges imports depth first, in order (globs sorted), before the file's own content", () => {
    const r = compile(stack);
    expect(r.diagnostics).toEqual([]);
    const env = r.environments[0]!;
    expect(env.layers.map((l) => [l.file, l.importedBy ?? ""])).toEqual([
      ["config/defaults/00.yaml", ""],
      ["config/mixins/region/eu-west-1.yaml", "config/mixins/stage/prod.yaml"],
      ["config/mixins/stage/prod.yaml", "config/environments/prod.yaml"],
      ["config/catalog/dns.yaml", "config/environments/prod.yaml"],
      ["config/catalog/vpc.yaml", "config/environments/prod.yaml"],
      ["config/environments/prod.yaml", ""],
    ]);
    expect(env.layers.every((l, i) => l.layer === (i === 0 ? "defaults" : "environment"))).toBe(true);
    expect(jsonValue(toPlain(env.final))).toEqual({
      cluster: { name: "prod", nodes: 5, tier: "prod" },
      region: { name: "eu-west-1", zones: ["a", "b"] },
      components: { vpc: { cidr: "10.0.0.0/16" }, dns: { zone: "example.com" } },
    });
    expect(nodeAt(env.final, "import")).toBeUndefined();
  });

  it("provenance and explain name the imported file and the one that imported it", () => {
    const env = compile(stack).environments[0]!;
    expect(renderFinalConfig(env.final, "", true)).toContain(
      "tier: prod # config/mixins/stage/prod.yaml:3:9 (environment, imported by config/environments/prod.yaml)",
    );
    const explained = formatExplain(explainKey(env, "cluster.nodes"));
    expect(explained.split("\n")).toEqual([
      "cluster.nodes (environment prod) = 5",
      "  1. config/defaults/00.yaml:3:10 [defaults] set 1",
      "  2. config/mixins/stage/prod.yaml:4:10 [environment, imported by config/environments/prod.yaml] override 3",
      "  3. config/environments/prod.yaml:6:10 [environment] override 5",
      "",
    ]);
  });

  it("${env.name} names the environment being compiled, in any layer (an imported mixin too)", () => {
    const r = compile({
      ...stack,
      "config/mixins/stage/prod.yaml": 'import: [mixins/region/eu-west-1]\ncluster:\n  tier: "${env.name}-tier"\n',
    });
    expect(r.diagnostics).toEqual([]);
    expect(jsonValue(toPlain(r.environments[0]!.final))).toMatchObject({ cluster: { tier: "prod-tier" } });
  });

  it("a file imported twice (a diamond) is merged once, where it is first imported", () => {
    const r = compile({
      ...stack,
      "config/environments/prod.yaml":
        "import: [mixins/region/eu-west-1.yaml, mixins/stage/prod.yaml]\ncluster:\n  name: prod\n",
    });
    expect(r.diagnostics).toEqual([]);
    expect(r.environments[0]!.layers.filter((l) => l.file.endsWith("eu-west-1.yaml"))).toHaveLength(1);
  });

  it.each([
    [
      "a cycle, with the chain, at the import that closes it",
      {
        "config/mixins/a.yaml": "import: [mixins/b.yaml]\n",
        "config/mixins/b.yaml": "cluster:\n  nodes: 2\nimport:\n  - mixins/a.yaml\n",
        "config/environments/prod.yaml": "import: [mixins/a.yaml]\n",
      },
      {
        code: "import-cycle",
        file: "config/mixins/b.yaml",
        span: { line: 4, column: 5 },
        message: "import cycle: config/mixins/a.yaml → config/mixins/b.yaml → config/mixins/a.yaml",
      },
    ],
    [
      "a file importing itself",
      { "config/environments/prod.yaml": "import: [environments/prod.yaml]\n" },
      {
        code: "import-cycle",
        file: "config/environments/prod.yaml",
        span: { line: 1, column: 10 },
        message: "import cycle: config/environments/prod.yaml → config/environments/prod.yaml",
      },
    ],
    [
      "import: that is not a list",
      { "config/environments/prod.yaml": "import: mixins/stage/prod.yaml\ncluster:\n  name: prod\n" },
      { code: "invalid-import", file: "config/environments/prod.yaml", span: { line: 1, column: 9 } },
    ],
    [
      "an entry that is not a string",
      { "config/environments/prod.yaml": "import:\n  - {file: x}\n" },
      { code: "invalid-import", file: "config/environments/prod.yaml", span: { line: 2, column: 5 } },
    ],
    [
      "a missing file, with a suggestion",
      { "config/environments/prod.yaml": "import: [mixins/stage/prd.yaml]\n" },
      {
        code: "import-not-found",
        file: "config/environments/prod.yaml",
        span: { line: 1, column: 10 },
        message:
          'import "mixins/stage/prd.yaml" names no file: there is no config/mixins/stage/prd.yaml. Did you mean "mixins/stage/prod.yaml"?',
      },
    ],
    [
      "a glob that matches nothing",
      { "config/environments/prod.yaml": "import: [catalog/*.yml]\n" },
      { code: "import-not-found", span: { line: 1, column: 10 } },
    ],
    [
      "a path leaving config/",
      { "config/environments/prod.yaml": "import: [../tf/variables.tf]\n" },
      { code: "import-not-found", span: { line: 1, column: 10 } },
    ],
  ])("%s is a located error", (_name, files, expected) => {
    const r = compile({ ...stack, ...files });
    expect(r.diagnostics).toMatchObject([expected]);
    expect(r.environments.flatMap((e) => e.changes)).toEqual([]);
  });

  it("an imported file is shape-checked where it is written", () => {
    const r = compile({ ...stack, "config/catalog/dns.yaml": "components:\n  dns:\n    zonee: example.com\n" });
    expect(r.diagnostics).toMatchObject([
      { code: "unknown-key", file: "config/catalog/dns.yaml", span: { line: 3, column: 5 } },
    ]);
  });
});

describe.skipIf(!hasTool("terraform"))("terraform oracle: tfvars built from imported layers", () => {
  it("real terraform reads back the values the imports set, in both forms", () => {
    const r = compile(stack);
    expect(r.diagnostics).toEqual([]);
    const env = r.environments[0]!;
    const file = (suffix: string) => env.changes.find((c) => c.path === `tf/prod.tfvars${suffix}`)!.content;
    const reading = readBackThroughTerraform(stack["tf/variables.tf"]!, file(""), file(".json"), [
      "cluster_config",
      "region_config",
    ]);
    expect(reading.fmtOk, reading.fmtDiff).toBe(true);
    expect(reading.warnings).not.toMatch(/undeclared variable/i);
    expect(reading.hclText).toBe(reading.jsonText);
    expect(JSON.parse(reading.hclText)).toEqual({
      cluster_config: jsonValue({ name: "prod", nodes: 5, tier: "prod" }),
      region_config: { name: "eu-west-1", zones: ["a", "b"] },
    });
  });
});
