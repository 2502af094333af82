import { describe, expect, it } from "vitest";
import { compileConfig, parseProjectConfig, type CompileInput } from "../src/index.ts";

/** An in-memory repository: compileConfig is pure, so no files are needed. */
function input(files: Record<string, string>): CompileInput {
  const { project, diagnostics } = parseProjectConfig(
    files["config/infraflux.config.yaml"],
    "config/infraflux.config.yaml",
  );
  expect(diagnostics).toEqual([]);
  return { configDir: "config", project, files: new Map(Object.entries(files)) };
}

const base = {
  "config/defaults/00.yaml":
    'cluster:\n  name: ""\n  size: small\n  id: 0\n  url: ""\nsecrets:\n  token: !secret sops://s.yaml#TOKEN\n',
  "config/templates/small.yaml": "cluster:\n  id: 1\n",
  "config/templates/large.yaml": "cluster:\n  id: 9\n",
  "config/environments/prod.yaml": "cluster:\n  name: prod\n  size: large\n  url: https://prod:6443\n",
};
const codes = (r: ReturnType<typeof compileConfig>) => r.diagnostics.map((d) => d.code);

describe("compileConfig", () => {
  it("picks the size template from the merged config and orders layers as declared", () => {
    const r = compileConfig(input(base), { envs: ["prod"] });
    expect(codes(r)).toEqual([]);
    expect(r.environments[0]!.layers.map((l) => l.file)).toEqual([
      "config/defaults/00.yaml",
      "config/templates/large.yaml",
      "config/environments/prod.yaml",
    ]);
    const custom = compileConfig(
      input({ ...base, "config/infraflux.config.yaml": "layers: [defaults, environment, template]\n" }),
      { envs: ["prod"] },
    );
    expect(custom.environments[0]!.layers.map((l) => l.layer)).toEqual(["defaults", "environment", "template"]);
  });

  it("reports an unknown size with a suggestion at the position that chose it", () => {
    const r = compileConfig(input({ ...base, "config/environments/prod.yaml": "cluster:\n  size: lrage\n" }), {
      envs: ["prod"],
    });
    expect(r.diagnostics).toMatchObject([
      { code: "unknown-size", file: "config/environments/prod.yaml", span: { line: 2, column: 9 } },
    ]);
    expect(r.diagnostics[0]!.message).toMatch(/Did you mean "large"/);
  });

  it("checks mapped Terraform variables against variables.tf", () => {
    const project =
      "outputs:\n  terraform:\n    path: tf/{env}.tfvars\n    variablesFile: tf/variables.tf\n    variables:\n      cluster_confg: cluster\n      token: secrets.token\n";
    const r = compileConfig(
      input({
        ...base,
        "config/infraflux.config.yaml": project,
        "tf/variables.tf": 'variable "cluster_config" {}\nvariable "token" {}\n',
      }),
      { envs: ["prod"] },
    );
    expect(r.diagnostics).toMatchObject([
      { code: "undeclared-variable", file: "config/infraflux.config.yaml", span: { line: 6, column: 22 } },
    ]);
    expect(r.diagnostics[0]!.message).toMatch(/Did you mean "cluster_config"/);
  });

  it("omits secret variables from tfvars and lists the TF_VAR the pipeline must set", () => {
    const project =
      "outputs:\n  terraform:\n    path: tf/{env}.tfvars\n    variables:\n      cluster_config: cluster\n      token: secrets.token\n";
    const r = compileConfig(input({ ...base, "config/infraflux.config.yaml": project }), { envs: ["prod"] });
    expect(codes(r)).toEqual([]);
    const env = r.environments[0]!;
    expect(env.requiredVariables).toEqual([
      { name: "TF_VAR_token", ref: "sops://s.yaml#TOKEN", path: "secrets.token" },
    ]);
    const tfvars = env.changes.find((c) => c.path === "tf/prod.tfvars")!.content;
    expect(tfvars).not.toMatch(/^token/m);
    expect(tfvars).toContain("# Set by the pipeline, never written here: TF_VAR_token");
    expect(env.changes.find((c) => c.path === "tf/prod.tfvars.json")!.content).not.toContain("token");
  });

  it("locates JSON Schema violations at the layer that set the value", () => {
    const schema = JSON.stringify({
      type: "object",
      properties: { cluster: { type: "object", properties: { id: { maximum: 5 }, name: { pattern: "^[a-z]+$" } } } },
    });
    const r = compileConfig(
      input({
        ...base,
        "config/infraflux.config.yaml": "schema: s.json\n",
        "config/s.json": schema,
        "config/environments/prod.yaml": "cluster:\n  name: Prod\n  size: large\n",
      }),
      { envs: ["prod"] },
    );
    expect(r.diagnostics.map((d) => [d.code, d.file, d.span?.line]).sort()).toEqual([
      ["schema-violation", "config/environments/prod.yaml", 2],
      ["schema-violation", "config/templates/large.yaml", 2],
    ]);
  });

  it("hand-off manifests refuse plain credentials", () => {
    const project =
      "outputs:\n  handoff:\n    argocdCluster:\n      path: h/{env}.yaml\n      name: cluster.name\n      server: cluster.url\n      credentials: cluster.name\n";
    const r = compileConfig(input({ ...base, "config/infraflux.config.yaml": project }), { envs: ["prod"] });
    expect(codes(r)).toEqual(["credentials-not-secret"]);
  });

  it("compiles several environments and reports the problems of all of them together", () => {
    const r = compileConfig(
      input({
        ...base,
        "config/environments/dev.yaml": "cluster:\n  nme: dev\n",
        "config/environments/qa.yaml": "cluster:\n  id: x\n",
      }),
      { envs: ["dev", "qa", "prod"] },
    );
    expect(codes(r)).toEqual(["unknown-key", "type-mismatch"]);
    expect(r.environments.every((e) => e.changes.length === 0)).toBe(true);
  });

  it("passes environment variables only when allowed", () => {
    const files = { ...base, "config/environments/prod.yaml": 'cluster:\n  name: "${env:NAME}"\n' };
    expect(codes(compileConfig(input(files), { envs: ["prod"], envVars: { NAME: "x" } }))).toEqual(["env-not-allowed"]);
    const ok = compileConfig(input(files), { envs: ["prod"], allowEnv: true, envVars: { NAME: "from-env" } });
    expect(ok.environments[0]!.changes[0]!.content).toContain("name: from-env");
  });
});
