import { Ajv2020 } from "ajv/dist/2020.js";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { isGoldenUpdate } from "../../../../fixtures/golden.ts";
import { renderMatrixJsonSchema } from "./matrix-schema.ts";

const schemaFile = join(import.meta.dirname, "../../matrix.schema.json");
const fixtureMatrix = join(import.meta.dirname, "../../../../fixtures/mixed-repo/matrix.yaml");

describe("matrix.schema.json", () => {
  it("is the JSON Schema generated from the zod schema (run npm run golden:update after changing it)", () => {
    if (isGoldenUpdate) writeFileSync(schemaFile, renderMatrixJsonSchema());
    expect(readFileSync(schemaFile, "utf8")).toBe(renderMatrixJsonSchema());
  });

  it("accepts the fixture matrix and rejects a misspelt key, as editors will", () => {
    const validate = new Ajv2020({ strict: false }).compile(JSON.parse(readFileSync(schemaFile, "utf8")));
    expect(validate(parse(readFileSync(fixtureMatrix, "utf8")))).toBe(true);
    expect(validate({ version: 1, source: { url: "x" }, targets: {}, rules: [{ form: "a/", to: "t:a/" }] })).toBe(
      false,
    );
  });
});
