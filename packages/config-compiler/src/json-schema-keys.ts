/** One node of a JSON Schema document, as parsed JSON. */
export type JsonSchemaNode = Readonly<Record<string, unknown>>;

/** The JSON Schema of the final config (draft 2020-12 or 07), for the keys it declares. */
export interface SchemaKeys {
  readonly root: JsonSchemaNode;
}

/** Parses a JSON Schema's text; undefined when absent or not JSON (the schema check reports that). */
export function readSchemaKeys(text: string | undefined): SchemaKeys | undefined {
  if (text === undefined) return undefined;
  try {
    const root = JSON.parse(text) as unknown;
    return isNode(root) ? { root } : undefined;
  } catch {
    return undefined;
  }
}

/** The schemas that apply to a value, with local `$ref`s followed and `allOf`/`anyOf`/`oneOf` branches taken. */
export function applicableSchemas(keys: SchemaKeys, node: JsonSchemaNode, depth = 0): JsonSchemaNode[] {
  if (depth > 32) return [];
  const out: JsonSchemaNode[] = [node];
  const ref = node.$ref;
  if (typeof ref === "string" && ref.startsWith("#")) {
    const target = resolvePointer(keys.root, ref.slice(1));
    if (target) out.push(...applicableSchemas(keys, target, depth + 1));
  }
  for (const combinator of ["allOf", "anyOf", "oneOf"])
    for (const branch of asArray(node[combinator]))
      if (isNode(branch)) out.push(...applicableSchemas(keys, branch, depth + 1));
  return out;
}

/** The schemas of a map's entry `key` (properties, matching patternProperties, a schema in additionalProperties). */
export function schemasOfKey(keys: SchemaKeys, nodes: readonly JsonSchemaNode[], key: string): JsonSchemaNode[] {
  const out: JsonSchemaNode[] = [];
  for (const n of nodes) {
    const properties = n.properties;
    if (isNode(properties) && isNode(properties[key])) out.push(properties[key]);
    if (isNode(n.patternProperties))
      for (const [pattern, schema] of Object.entries(n.patternProperties))
        if (isNode(schema) && safeTest(pattern, key)) out.push(schema);
    if (isNode(n.additionalProperties)) out.push(n.additionalProperties);
  }
  return out.flatMap((s) => applicableSchemas(keys, s));
}

/** The schemas of a list's items. */
export function schemasOfItems(keys: SchemaKeys, nodes: readonly JsonSchemaNode[]): JsonSchemaNode[] {
  return nodes.flatMap((n) => (isNode(n.items) ? applicableSchemas(keys, n.items) : []));
}

/** The property names the schemas declare (for "did you mean"). */
export function declaredProperties(nodes: readonly JsonSchemaNode[]): string[] {
  return [...new Set(nodes.flatMap((n) => (isNode(n.properties) ? Object.keys(n.properties) : [])))];
}

/** Whether the schemas say which keys a map may hold (a `properties` list and no schema for the others). */
export function listsItsKeys(nodes: readonly JsonSchemaNode[]): boolean {
  return (
    nodes.some((n) => isNode(n.properties)) &&
    !nodes.some((n) => n.additionalProperties === true || isNode(n.additionalProperties) || isNode(n.patternProperties))
  );
}

function resolvePointer(root: JsonSchemaNode, pointer: string): JsonSchemaNode | undefined {
  let node: unknown = root;
  for (const raw of pointer.split("/").slice(1)) {
    const segment = decodeURIComponent(raw).replaceAll("~1", "/").replaceAll("~0", "~");
    node = isNode(node) ? node[segment] : undefined;
  }
  return isNode(node) ? node : undefined;
}

function safeTest(pattern: string, key: string): boolean {
  try {
    return new RegExp(pattern, "u").test(key);
  } catch {
    return false;
  }
}

function asArray(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : [];
}

function isNode(value: unknown): value is JsonSchemaNode {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
