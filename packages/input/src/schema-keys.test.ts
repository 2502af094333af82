import { describe, expect, it } from "vitest";
import { z } from "zod";
import { schemaKeysAt } from "./schema-keys.ts";

const when = z.strictObject({ kind: z.string().optional(), name: z.string().optional() });
const schema = z.strictObject({
  version: z.literal(1),
  source: z.strictObject({ url: z.string() }).optional(),
  targets: z.record(z.string(), z.strictObject({ url: z.string(), branch: z.string().optional() })),
  rules: z
    .array(
      z.union([
        z.strictObject({ from: z.string(), to: z.string() }),
        z.strictObject({ from: z.string(), split: z.array(z.strictObject({ when: when.optional(), to: z.string() })) }),
      ]),
    )
    .default([]),
  tuple: z.tuple([z.strictObject({ first: z.string() }), z.strictObject({ second: z.string() })]),
  piped: z
    .strictObject({ raw: z.string() })
    .nullable()
    .transform((v) => v),
  lazy: z.lazy(() => z.strictObject({ inner: z.number() })),
});

describe("schemaKeysAt", () => {
  it.each([
    ["the root", [], ["version", "source", "targets", "rules", "tuple", "piped", "lazy"]],
    ["an optional object", ["source"], ["url"]],
    ["a record's values", ["targets", "infraflux"], ["url", "branch"]],
    ["array items that are a union", ["rules", 3], ["from", "to", "split"]],
    ["deep inside a union", ["rules", 0, "split", 1, "when"], ["kind", "name"]],
    ["a tuple position", ["tuple", 1], ["second"]],
    ["a pipe's input", ["piped"], ["raw"]],
    ["a lazy schema", ["lazy"], ["inner"]],
    ["a scalar", ["version"], []],
    ["a path the schema does not have", ["nope", "deeper"], []],
  ])("%s", (_name, path, keys) => expect(schemaKeysAt(schema, path)).toEqual(keys));
});
