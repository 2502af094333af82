import { describe, expect, it } from "vitest";
import { hasTool } from "../../../fixtures/oracles.ts";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { compileConfig, formatExplain, runExplain } from "../src/index.ts";
import { memoryInput } from "./_input.ts";
import { readBackThroughTerraform } from "./_terraform.ts";

const PROJECT = `components:
  terraform:
    tagged:
      abstract: true
    vpc:
      path: tf/{env}/{component}.tfvars
      variablesFile: tf/{component}/variables.tf
      inherits: [tagged]
    dns:
      path: tf/{env}/{component}.tfvars
      variablesFile: tf/{component}/variables.tf
`;

const repo: Record<string, string> = {
  "config/infraflux.config.yaml": PROJECT,
  "config/defaults/00.yaml": [
    "vars:",
    '  region: ""',
    "  tags:",
    "    owner: platform",
    "components:",
    "  tagged:",
    "    tags:",
    "      managed-by: infraflux",
    "  vpc:",
    '    cidr: ""',
    "  dns:",
    '    zone: ""',
    "",
  ].join("\n"),
  "config/environments/prod.yaml":
    "vars:\n  region: eu-west-1\ncomponents:\n  vpc:\n    cidr: 10.0.0.0/16\n  dns:\n    zone: prod.example.com\n",
  "tf/vpc/variables.tf": 'variable "region" {}\nvariable "tags" {}\nvariable "cidr" {}\n',
  "tf/dns/variables.tf": 'variable "region" {}\nvariable "zone" {}\n',
};

const input = memoryInput;

const compile = (files: Record<string, string>) => compileConfig(input(files), { envs: ["prod"] });
const content = (r: ReturnType<typeof compile>, path: string) =>
  r.environments[0]?.changes.find((c) => c.path === path)?.content;

describe("Terraform components", () => {
  it("writes one tfvars pair per component; values are vars, then inherited components, then the component's own", () => {
    const r = compile(repo);
    expect(r.diagnostics).toEqual([]);
    const paths = r.environments[0]!.changes.map((c) => c.path).filter((p) => p.startsWith("tf/"));
    expect(paths).toEqual([
      "tf/prod/vpc.tfvars",
      "tf/prod/vpc.tfvars.json",
      "tf/prod/dns.tfvars",
      "tf/prod/dns.tfvars.json",
    ]);
    expect(JSON.parse(content(r, "tf/prod/vpc.tfvars.json")!)).toEqual({
      cidr: "10.0.0.0/16",
      region: "eu-west-1",
      tags: { "managed-by": "infraflux", owner: "platform" },
    });
    // global vars the component's variables.tf does not declare are left out (dns has no tags)
    expect(JSON.parse(content(r, "tf/prod/dns.tfvars.json")!)).toEqual({
      region: "eu-west-1",
      zone: "prod.example.com",
    });
    expect(content(r, "tf/prod/vpc.tfvars")).toContain(
      'Terraform component "vpc" (values: vars → components.tagged → components.vpc)',
    );
  });

  it.each([
    [
      "a key set for a component that its variables.tf does not declare, where it is written, with a suggestion",
      {
        "config/defaults/00.yaml": `${repo["config/defaults/00.yaml"]!.replace('    zone: ""', '    zone: ""\n    zonee: ""')}`,
      },
      {
        code: "undeclared-variable",
        file: "config/defaults/00.yaml",
        span: { line: 13, column: 5 },
        message:
          '"zonee" is set for Terraform component "dns" but not declared in tf/dns/variables.tf. Did you mean "zone"?',
      },
    ],
    [
      "an unknown inherited component",
      { "config/infraflux.config.yaml": PROJECT.replace("inherits: [tagged]", "inherits: [taged]") },
      { code: "unknown-component", file: "config/infraflux.config.yaml", span: { line: 8, column: 18 } },
    ],
    [
      "an inherits cycle, with the chain",
      {
        "config/infraflux.config.yaml": PROJECT.replace(
          "      abstract: true",
          "      abstract: true\n      inherits: [vpc]",
        ),
      },
      { code: "inherits-cycle", message: "inherits cycle: vpc → tagged → vpc" },
    ],
    [
      "a component with neither a path nor abstract: true",
      { "config/infraflux.config.yaml": PROJECT.replace("      abstract: true\n", "      variablesFile: x.tf\n") },
      { code: "component-without-path", file: "config/infraflux.config.yaml", span: { line: 3, column: 5 } },
    ],
  ])("%s is an error", (_name, files, expected) => {
    const r = compile({ ...repo, ...files });
    expect(r.diagnostics).toMatchObject([expected]);
    expect(r.environments.flatMap((e) => e.changes)).toEqual([]);
  });

  it("a secret becomes a variable the pipeline sets, named after the component's path", () => {
    const r = compile({
      ...repo,
      "config/defaults/00.yaml": `${repo["config/defaults/00.yaml"]}`.replace(
        '    cidr: ""',
        '    cidr: ""\n    token: !secret env://TF_VAR_token',
      ),
      "tf/vpc/variables.tf": `${repo["tf/vpc/variables.tf"]}variable "token" {}\n`,
    });
    expect(r.diagnostics).toEqual([]);
    expect(r.environments[0]!.requiredVariables).toEqual([
      { name: "TF_VAR_token", ref: "env://TF_VAR_token", path: "components.vpc.token" },
    ]);
    expect(content(r, "tf/prod/vpc.tfvars.json")).not.toContain("token");
  });
});

describe("explain --component", () => {
  it("shows the chain behind a component's value: vars, inherited components, its own, each through the layers", () => {
    const root = mkdtempSync(join(tmpdir(), "infraflux-components-"));
    try {
      for (const [file, text] of Object.entries(repo)) {
        mkdirSync(dirname(join(root, file)), { recursive: true });
        writeFileSync(join(root, file), text);
      }
      const explain = (component: string, key: string) =>
        runExplain({ configDir: join(root, "config"), env: "prod", key, component });
      const tags = explain("vpc", "tags");
      expect(tags.diagnostics).toEqual([]);
      expect(formatExplain(tags.explanation!).split("\n")).toEqual([
        "tags of component vpc (environment prod) = {owner: platform, managed-by: infraflux}",
        "  1. config/defaults/00.yaml:4:5 [defaults] set {owner: platform}",
        "  2. config/defaults/00.yaml:8:7 [defaults] merge (components.tagged.tags) {managed-by: infraflux}",
        "",
      ]);
      const region = explain("dns", "region");
      expect(region.explanation).toMatchObject({ found: true, value: "eu-west-1" });
      expect(region.explanation!.steps.map((s) => [s.file, s.action])).toEqual([
        ["config/defaults/00.yaml", "set"],
        ["config/environments/prod.yaml", "override"],
      ]);
      expect(explain("vcp", "tags").diagnostics).toMatchObject([
        { code: "unknown-component", message: expect.stringMatching(/Did you mean "vpc"/) },
      ]);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

describe.skipIf(!hasTool("terraform"))("terraform oracle: one tfvars pair per component", () => {
  it.each([
    ["vpc", ["cidr", "region", "tags"]],
    ["dns", ["region", "zone"]],
  ])("real terraform reads back %s's tfvars (HCL and JSON) against its own variables.tf", (component, names) => {
    const r = compile(repo);
    expect(r.diagnostics).toEqual([]);
    const path = `tf/prod/${component}.tfvars`;
    const reading = readBackThroughTerraform(
      repo[`tf/${component}/variables.tf`]!,
      content(r, path)!,
      content(r, `${path}.json`)!,
      names,
    );
    expect(reading.fmtOk, reading.fmtDiff).toBe(true);
    expect(reading.warnings).not.toMatch(/undeclared variable/i);
    expect(reading.hclText).toBe(reading.jsonText);
    expect(JSON.parse(reading.hclText)).toEqual(JSON.parse(content(r, `${path}.json`)!));
  });
});

describe("${component.name} in interpolation", () => {
  it("is the component whose values hold the reference, so names like {tenant}-{stage}-{component} need no templating", () => {
    const r = compile({
      ...repo,
      "config/defaults/00.yaml": `${repo["config/defaults/00.yaml"]}`
        .replace("  tags:\n    owner: platform", "  tags:\n    owner: platform\n  stage: prod")
        .replace('    cidr: ""', '    cidr: ""\n    name: acme-${vars.stage}-${component.name}')
        .replace('    zone: ""', '    zone: ""\n    name: acme-${vars.stage}-${component.name}'),
      "tf/vpc/variables.tf": `${repo["tf/vpc/variables.tf"]}variable "name" {}\n`,
      "tf/dns/variables.tf": `${repo["tf/dns/variables.tf"]}variable "name" {}\n`,
    });
    expect(r.diagnostics).toEqual([]);
    expect(JSON.parse(content(r, "tf/prod/vpc.tfvars.json")!).name).toBe("acme-prod-vpc");
    expect(JSON.parse(content(r, "tf/prod/dns.tfvars.json")!).name).toBe("acme-prod-dns");
  });
});
