import { describe, expect, it } from "vitest";
import { compileConfig, toPlain } from "../src/index.ts";
import { memoryInput } from "./_input.ts";

const schema = {
  $schema: "https://json-schema.org/draft/2020-12/schema",
  type: "object",
  properties: {
    components: {
      type: "object",
      properties: { dns: { $ref: "#/$defs/dns" } },
    },
  },
  $defs: {
    dns: {
      type: "object",
      properties: { zone: { type: "string" }, records: { type: "array", items: { $ref: "#/$defs/record" } } },
      additionalProperties: false,
    },
    record: { type: "object", properties: { name: { type: "string" } }, additionalProperties: false },
  },
};

const files = {
  "config/infraflux.config.yaml": "schema: schema/final.json\n",
  "config/schema/final.json": JSON.stringify(schema),
  "config/defaults/00.yaml": 'cluster:\n  name: ""\ncomponents:\n  vpc:\n    cidr: ""\n',
  "config/catalog/dns.yaml": "components:\n  dns:\n    zone: example.com\n    records:\n      - name: www\n",
  "config/environments/prod.yaml": "import: [catalog/dns]\ncluster:\n  name: prod\n",
};

describe("a catalog file adds a component the JSON Schema declares, without editing the defaults", () => {
  it("compiles; the keys the schema declares are known", () => {
    const r = compileConfig(memoryInput(files), { envs: ["prod"] });
    expect(r.diagnostics).toEqual([]);
    expect(toPlain(r.environments[0]!.final)).toMatchObject({
      components: { dns: { zone: "example.com", records: [{ name: "www" }] } },
    });
  });

  it.each([
    ["a misspelt key under the schema's component", "    zonee: example.com\n", "components.dns.zonee", 3, "zone"],
    [
      "a misspelt key in a list item ($ref'd items)",
      "    records:\n      - nmae: www\n",
      "components.dns.records.0.nmae",
      4,
      "name",
    ],
  ])("%s is an unknown key with a suggestion from the schema", (_name, body, path, line, suggestion) => {
    const r = compileConfig(memoryInput({ ...files, "config/catalog/dns.yaml": `components:\n  dns:\n${body}` }), {
      envs: ["prod"],
    });
    expect(r.diagnostics).toContainEqual(
      expect.objectContaining({
        code: "unknown-key",
        file: "config/catalog/dns.yaml",
        path,
        span: expect.objectContaining({ line }),
        message: `"${path}" is not defined by the defaults or the JSON Schema. Did you mean "${suggestion}"?`,
      }),
    );
  });

  it("a key neither the defaults nor the schema declare is still unknown, with a suggestion from the defaults", () => {
    const r = compileConfig(
      memoryInput({ ...files, "config/environments/prod.yaml": "cluster:\n  name: prod\ncomponets: {}\n" }),
      { envs: ["prod"] },
    );
    expect(r.diagnostics).toMatchObject([
      { code: "unknown-key", path: "componets", message: expect.stringContaining('Did you mean "components"?') },
    ]);
  });
});
