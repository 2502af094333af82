import type { Diagnostic } from "@infraflux/diagnostics";
import { Ajv2020 } from "ajv/dist/2020.js";
import { nodeAt, type ConfigNode, type MapNode } from "./tree.ts";

/** Validates the final config against an optional JSON Schema (draft 2020-12 or 07), mapping errors to the layer that set the value. */
export function validateFinalConfig(root: MapNode, schemaFile: string, schemaText: string | undefined): Diagnostic[] {
  if (schemaText === undefined)
    return [
      {
        code: "missing-file",
        severity: "error",
        message: `JSON Schema ${schemaFile} does not exist`,
        file: schemaFile,
      },
    ];
  let schema: object;
  try {
    schema = JSON.parse(schemaText) as object;
  } catch (e) {
    return [
      {
        code: "invalid-schema",
        severity: "error",
        message: `${schemaFile} is not valid JSON: ${(e as Error).message}`,
        file: schemaFile,
      },
    ];
  }
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  let validate: ReturnType<typeof ajv.compile>;
  try {
    validate = ajv.compile(schema);
  } catch (e) {
    return [
      {
        code: "invalid-schema",
        severity: "error",
        message: `${schemaFile}: ${(e as Error).message}`,
        file: schemaFile,
      },
    ];
  }
  if (validate(toJsonValue(root))) return [];
  return (validate.errors ?? []).map((err) => {
    const path = err.instancePath
      .split("/")
      .slice(1)
      .map((s) => s.replaceAll("~1", "/").replaceAll("~0", "~"))
      .join(".");
    const node = nodeAt(root, path) ?? root;
    const extra =
      err.keyword === "additionalProperties"
        ? ` "${String((err.params as { additionalProperty?: string }).additionalProperty)}"`
        : "";
    return {
      code: "schema-violation",
      severity: "error",
      message: `"${path || "(root)"}" ${err.message ?? "is invalid"}${extra} (${schemaFile}${err.schemaPath})`,
      file: node.origin.file || schemaFile,
      span: node.origin.span,
      path,
    } satisfies Diagnostic;
  });
}

/** Plain JSON for schema validation: secrets stand for strings (their reference), integers as numbers. */
function toJsonValue(node: ConfigNode): unknown {
  switch (node.kind) {
    case "map":
      return Object.fromEntries([...node.entries].map(([k, e]) => [k, toJsonValue(e.value)]));
    case "list":
      return node.items.map(toJsonValue);
    case "scalar":
      return typeof node.value === "bigint" ? Number(node.value) : node.value;
    case "secret":
      return node.ref;
    case "unset":
      return null;
  }
}
