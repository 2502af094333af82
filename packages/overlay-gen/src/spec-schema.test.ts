import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { expectGoldenFiles } from "../../../fixtures/golden.ts";
import { overlaySpecJsonSchema, PHASES } from "./spec-schema.ts";

describe("overlay spec JSON Schema", () => {
  it("schema/overlay-spec.schema.json is generated from the zod schema (drift test; npm run golden:update rewrites it)", () => {
    const schema = overlaySpecJsonSchema();
    expectGoldenFiles(
      join(import.meta.dirname, "../schema"),
      new Map([["overlay-spec.schema.json", JSON.stringify(schema, null, 2)]]),
    );
  });

  it("lists the phases and closes every object to unknown keys", () => {
    const text = JSON.stringify(overlaySpecJsonSchema());
    expect(text).toContain(JSON.stringify([...PHASES]));
    expect(text).not.toContain('"additionalProperties":true');
  });
});
