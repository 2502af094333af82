import type { z } from "zod";

type PathSegment = string | number;

/** The fields of a zod 4 schema's definition that lead to the schemas inside it. */
interface SchemaDef {
  readonly type: string;
  readonly shape?: Readonly<Record<string, z.core.$ZodType>>;
  readonly innerType?: z.core.$ZodType;
  readonly element?: z.core.$ZodType;
  readonly valueType?: z.core.$ZodType;
  readonly options?: readonly z.core.$ZodType[];
  readonly items?: readonly z.core.$ZodType[];
  readonly rest?: z.core.$ZodType | null;
  readonly left?: z.core.$ZodType;
  readonly right?: z.core.$ZodType;
  readonly in?: z.core.$ZodType;
  readonly out?: z.core.$ZodType;
  readonly getter?: () => z.core.$ZodType;
}

function defOf(schema: z.core.$ZodType): SchemaDef {
  return schema._zod.def as unknown as SchemaDef;
}

/** The schemas a value is checked against once wrappers (optional, default, pipe, lazy…) are taken off. */
function unwrap(schema: z.core.$ZodType, depth = 0): z.core.$ZodType[] {
  if (depth > 32) return [];
  const def = defOf(schema);
  if (def.innerType) return unwrap(def.innerType, depth + 1);
  if (def.type === "pipe" && def.in) return unwrap(def.in, depth + 1);
  if (def.type === "lazy" && def.getter) return unwrap(def.getter(), depth + 1);
  if (def.type === "union" && def.options) return def.options.flatMap((o) => unwrap(o, depth + 1));
  if (def.type === "intersection" && def.left && def.right)
    return [...unwrap(def.left, depth + 1), ...unwrap(def.right, depth + 1)];
  return [schema];
}

function childrenAt(schema: z.core.$ZodType, segment: PathSegment): z.core.$ZodType[] {
  const def = defOf(schema);
  if (def.type === "object" && def.shape && typeof segment === "string") {
    const child = def.shape[segment];
    return child ? [child] : [];
  }
  if (def.type === "record" && def.valueType) return [def.valueType];
  if (def.type === "array" && def.element) return [def.element];
  if (def.type === "tuple" && typeof segment === "number") {
    const item = def.items?.[segment] ?? def.rest ?? undefined;
    return item ? [item] : [];
  }
  return [];
}

/**
 * The keys the schema defines for the object at `path` (walking objects, optional/nullable/default wrappers,
 * arrays, records, tuples and unions), in declaration order. Empty when the path leads to no object.
 */
export function schemaKeysAt(schema: z.core.$ZodType, path: readonly PathSegment[]): string[] {
  let current = unwrap(schema);
  for (const segment of path) current = current.flatMap((s) => childrenAt(s, segment)).flatMap((s) => unwrap(s));
  const keys = new Set<string>();
  for (const s of current) {
    const def = defOf(s);
    if (def.type === "object" && def.shape) for (const key of Object.keys(def.shape)) keys.add(key);
  }
  return [...keys];
}
