import { dirOf, isRecord, type Repository, type TerraformFile } from "./model.ts";

/** A Terraform type constraint. */
export type TfType =
  | { readonly t: "any" | "string" | "number" | "bool" }
  | { readonly t: "list" | "set" | "map"; readonly of: TfType }
  | { readonly t: "tuple"; readonly items: readonly TfType[] }
  | {
      readonly t: "object";
      readonly attrs: ReadonlyMap<string, { readonly type: TfType; readonly optional: boolean }>;
    };

export interface TfVariable {
  readonly name: string;
  readonly file: TerraformFile;
  readonly type: TfType;
  readonly required: boolean;
  readonly nullable: boolean;
}

/** Parses a type expression as hcl2json renders it (`${list(object({a = string}))}`). Undefined when unparseable. */
export function parseTfType(src: string): TfType | undefined {
  const text = src
    .trim()
    .replace(/^\$\{([\s\S]*)\}$/, "$1")
    .trim()
    .replace(/^"(.*)"$/, "$1");
  const tokens = text.match(/[A-Za-z_][A-Za-z0-9_-]*|"(?:[^"\\]|\\.)*"|[-+]?\d+(?:\.\d+)?|[(){}[\]=,:]|\S/g) ?? [];
  let i = 0;
  const peek = () => tokens[i];
  const expect = (t: string) => {
    if (tokens[i] !== t) throw new Error(`expected ${t}`);
    i++;
  };
  const skipExpr = () => {
    let depth = 0;
    while (i < tokens.length) {
      const t = tokens[i]!;
      if ((t === ")" || t === ",") && depth === 0) return;
      if (t === "(" || t === "{" || t === "[") depth++;
      if (t === ")" || t === "}" || t === "]") depth--;
      i++;
    }
  };
  const type = (): TfType => {
    const name = tokens[i++];
    if (name === "string" || name === "number" || name === "bool" || name === "any") return { t: name };
    if (name === "list" || name === "set" || name === "map") {
      if (peek() !== "(") return { t: name, of: { t: "any" } };
      expect("(");
      const of = type();
      expect(")");
      return { t: name, of };
    }
    if (name === "tuple") {
      expect("(");
      expect("[");
      const items: TfType[] = [];
      while (peek() !== "]") {
        items.push(type());
        if (peek() === ",") i++;
      }
      expect("]");
      expect(")");
      return { t: "tuple", items };
    }
    if (name === "object") {
      expect("(");
      expect("{");
      const attrs = new Map<string, { type: TfType; optional: boolean }>();
      while (peek() !== "}") {
        const key = tokens[i++]!.replace(/^"(.*)"$/, "$1");
        if (peek() !== "=" && peek() !== ":") throw new Error("expected =");
        i++;
        if (peek() === "optional") {
          i++;
          expect("(");
          const t = type();
          if (peek() === ",") {
            i++;
            skipExpr();
          }
          expect(")");
          attrs.set(key, { type: t, optional: true });
        } else attrs.set(key, { type: type(), optional: false });
        if (peek() === ",") i++;
      }
      expect("}");
      expect(")");
      return { t: "object", attrs };
    }
    throw new Error(`unknown type ${name}`);
  };
  try {
    const t = type();
    return i === tokens.length ? t : undefined;
  } catch {
    return undefined;
  }
}

export function formatTfType(t: TfType): string {
  switch (t.t) {
    case "list":
    case "set":
    case "map":
      return `${t.t}(${formatTfType(t.of)})`;
    case "tuple":
      return `tuple([${t.items.map(formatTfType).join(", ")}])`;
    case "object":
      return `object({${[...t.attrs].map(([k, a]) => `${k} = ${a.optional ? `optional(${formatTfType(a.type)})` : formatTfType(a.type)}`).join(", ")}})`;
    default:
      return t.t;
  }
}

export interface TypeProblem {
  readonly path: readonly (string | number)[];
  readonly message: string;
  readonly kind: "mismatch" | "missing-attribute" | "unknown-attribute";
}

/** Checks a value against a type with Terraform's conversions (numbers and bools convert to strings and back). */
export function checkTfValue(value: unknown, type: TfType, path: readonly (string | number)[] = []): TypeProblem[] {
  if (value === null || value === undefined || type.t === "any") return [];
  if (typeof value === "string" && value.includes("${")) return []; // an expression; not a literal
  const found = describeValue(value);
  const mismatch = (expected: string): TypeProblem[] => [
    { path, message: `expected ${expected}, found ${found}`, kind: "mismatch" },
  ];
  switch (type.t) {
    case "string":
      return typeof value === "string" || typeof value === "number" || typeof value === "boolean"
        ? []
        : mismatch("string");
    case "number":
      return typeof value === "number" ||
        (typeof value === "string" && value.trim() !== "" && !Number.isNaN(Number(value)))
        ? []
        : mismatch("number");
    case "bool":
      return typeof value === "boolean" || value === "true" || value === "false" ? [] : mismatch("bool");
    case "list":
    case "set":
      return Array.isArray(value)
        ? value.flatMap((v, i) => checkTfValue(v, type.of, [...path, i]))
        : mismatch(formatTfType(type));
    case "tuple":
      if (!Array.isArray(value)) return mismatch(formatTfType(type));
      if (value.length !== type.items.length)
        return [
          {
            path,
            message: `expected a tuple of ${type.items.length} elements, found ${value.length}`,
            kind: "mismatch",
          },
        ];
      return value.flatMap((v, i) => checkTfValue(v, type.items[i]!, [...path, i]));
    case "map":
      return isRecord(value)
        ? Object.entries(value).flatMap(([k, v]) => checkTfValue(v, type.of, [...path, k]))
        : mismatch(formatTfType(type));
    case "object": {
      if (!isRecord(value)) return mismatch("object");
      const out: TypeProblem[] = [];
      for (const [k, a] of type.attrs) {
        if (value[k] === undefined) {
          if (!a.optional) out.push({ path, message: `attribute "${k}" is required`, kind: "missing-attribute" });
        } else out.push(...checkTfValue(value[k], a.type, [...path, k]));
      }
      for (const k of Object.keys(value))
        if (!type.attrs.has(k))
          out.push({
            path: [...path, k],
            message: `attribute "${k}" is not declared by the type; Terraform silently drops it`,
            kind: "unknown-attribute",
          });
      return out;
    }
  }
}

function describeValue(v: unknown): string {
  if (Array.isArray(v)) return `a list of ${v.length}`;
  if (isRecord(v)) return "an object";
  return `${typeof v === "boolean" ? "bool" : typeof v} ${JSON.stringify(v)}`;
}

export function isTfvars(rel: string): boolean {
  return /\.tfvars(\.json)?$/.test(rel);
}

/** Variables declared by the `.tf` files of one directory. */
export function moduleVariables(repo: Repository, dir: string): Map<string, TfVariable> {
  const vars = new Map<string, TfVariable>();
  for (const f of repo.terraform) {
    if (!f.rel.endsWith(".tf") || dirOf(f.rel) !== dir || !isRecord(f.json.variable)) continue;
    for (const [name, blocks] of Object.entries(f.json.variable)) {
      const b = Array.isArray(blocks) && isRecord(blocks[0]) ? blocks[0] : {};
      const type = typeof b.type === "string" ? (parseTfType(b.type) ?? { t: "any" as const }) : { t: "any" as const };
      vars.set(name, { name, file: f, type, required: !("default" in b), nullable: b.nullable !== false });
    }
  }
  return vars;
}

export interface TfvarsBinding {
  readonly tfvars: TerraformFile;
  readonly moduleDir: string;
  readonly variables: ReadonlyMap<string, TfVariable>;
}

/** Each tfvars file with the module it feeds: the nearest directory at or above it that declares variables. */
export function tfvarsBindings(repo: Repository): TfvarsBinding[] {
  const out: TfvarsBinding[] = [];
  for (const f of repo.terraform) {
    if (!isTfvars(f.rel)) continue;
    let dir: string | undefined = dirOf(f.rel);
    while (dir !== undefined) {
      const vars = moduleVariables(repo, dir);
      if (vars.size > 0) {
        out.push({ tfvars: f, moduleDir: dir, variables: vars });
        break;
      }
      dir = dir === "" ? undefined : dirOf(dir);
    }
  }
  return out;
}

/** Every value a tfvars file sets for a variable its module declares (the input of the type rules). */
export function declaredTfvarsValues(
  repos: readonly Repository[],
): { tfvars: TerraformFile; name: string; value: unknown; variable: TfVariable }[] {
  return repos.flatMap((repo) =>
    tfvarsBindings(repo).flatMap(({ tfvars, variables }) =>
      Object.entries(tfvars.json).flatMap(([name, value]) => {
        const variable = variables.get(name);
        return variable ? [{ tfvars, name, value, variable }] : [];
      }),
    ),
  );
}

/** 1-based position of a top-level assignment `name =` (HCL) or `"name":` (JSON) in a tfvars/tf file. */
export function tfPosition(text: string, name: string, json: boolean): { line: number; column: number } {
  const esc = name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const re = json ? new RegExp(`"${esc}"\\s*:`) : new RegExp(`^([ \\t]*)(${esc}|"${esc}")[ \\t]*=`, "m");
  const m = re.exec(text);
  if (!m) return { line: 1, column: 1 };
  const offset = m.index + (json ? 0 : (m[1]?.length ?? 0));
  const before = text.slice(0, offset);
  const line = before.split("\n").length;
  return { line, column: offset - before.lastIndexOf("\n") };
}

/**
 * 1-based position of an attribute inside a variable's value (`name = { a = 1, b = { c = 2 } }`), also inside
 * one-line objects: each path segment is searched after the previous one. The variable's position when not found.
 */
export function tfAttributePosition(
  text: string,
  name: string,
  path: readonly (string | number)[],
  json: boolean,
): { line: number; column: number } {
  const start = tfPosition(text, name, json);
  let offset = offsetOf(text, start);
  for (const seg of path) {
    if (typeof seg === "number") continue;
    const esc = seg.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    const re = json ? new RegExp(`"${esc}"\\s*:`, "g") : new RegExp(`(^|[\\s{,])("?${esc}"?)[ \\t]*[=:]`, "gm");
    re.lastIndex = offset;
    const m = re.exec(text);
    if (!m) return start;
    offset = m.index + (json ? 0 : (m[1]?.length ?? 0));
  }
  const before = text.slice(0, offset);
  return { line: before.split("\n").length, column: offset - before.lastIndexOf("\n") };
}

function offsetOf(text: string, pos: { line: number; column: number }): number {
  let offset = 0;
  for (let l = 1; l < pos.line; l++) offset = text.indexOf("\n", offset) + 1;
  return offset + pos.column - 1;
}

/** 1-based position of `variable "name"` in a .tf file. */
export function variablePosition(text: string, name: string): { line: number; column: number } {
  const m = new RegExp(`^[ \\t]*variable[ \\t]+"${name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}"`, "m").exec(text);
  if (!m) return { line: 1, column: 1 };
  const before = text.slice(0, m.index);
  return { line: before.split("\n").length, column: m[0].search(/\S/) + 1 };
}
