import { InternalError } from "@infraflux/diagnostics";
import { sortedEntries, sortedMapEntries, type ConfigNode } from "./tree.ts";

/** Terraform variables file in HCL, already in `terraform fmt` canonical form. Keys sorted byte-wise. */
export function renderTfvarsHcl(variables: ReadonlyMap<string, ConfigNode>, header: string): string {
  const lines = header
    ? header
        .split("\n")
        .filter((l) => l !== "")
        .map((l) => `# ${l}`)
    : [];
  const body = renderAttributes(sortedEntries(variables), "", true);
  return [...lines, ...(lines.length ? [""] : []), ...body, ""].join("\n");
}

/** Terraform variables file in JSON: strings literal (no template escaping), exact integers, sorted keys. */
export function renderTfvarsJson(variables: ReadonlyMap<string, ConfigNode>): string {
  return `${renderJson(
    {
      kind: "map",
      entries: new Map([...variables].map(([k, v]) => [k, { keyOrigin: v.origin, value: v }])),
      origin: { layer: "", file: "", span: { line: 1, column: 1 } },
    },
    "",
  )}\n`;
}

const BARE_KEY = /^[A-Za-z_][A-Za-z0-9_-]*$/;
const RESERVED = new Set(["null", "true", "false", "for", "in", "if", "endif", "else", "endfor"]);

function renderKey(key: string, topLevel: boolean): string {
  if (topLevel) return key;
  return BARE_KEY.test(key) && !RESERVED.has(key) ? key : hclString(key);
}

/** Attribute lines; `=` aligned within each run of single-line attributes, as `terraform fmt` does. */
function renderAttributes(
  entries: readonly (readonly [string, ConfigNode])[],
  indent: string,
  blankBetweenMultiline: boolean,
): string[] {
  const out: string[] = [];
  let run: string[] = [];
  let values: string[] = [];
  const flush = () => {
    if (run.length === 0) return;
    const lengths = run.map(charCount);
    let width = 0;
    for (const n of lengths) if (n > width) width = n;
    for (let i = 0; i < run.length; i++)
      out.push(`${indent}${run[i]!}${" ".repeat(width - lengths[i]!)} = ${values[i]!}`);
    run = [];
    values = [];
  };
  for (let i = 0; i < entries.length; i++) {
    const [key, node] = entries[i]!;
    const k = renderKey(key, blankBetweenMultiline);
    const value = renderValue(node, indent);
    if (!value.includes("\n")) {
      run.push(k);
      values.push(value);
      continue;
    }
    flush();
    if (blankBetweenMultiline && i > 0) out.push("");
    out.push(`${indent}${k} = ${value}`);
    if (blankBetweenMultiline && i < entries.length - 1) out.push("");
  }
  flush();
  // only the top level separates multi-line attributes with blank lines
  return blankBetweenMultiline ? out.filter((l, i, all) => !(l === "" && all[i - 1] === "")) : out;
}

/** Length in code points (as `terraform fmt` aligns). */
function charCount(s: string): number {
  return /[\uD800-\uDFFF]/.test(s) ? [...s].length : s.length;
}

function renderValue(node: ConfigNode, indent: string): string {
  return node.kind === "scalar" ? renderScalar(node.value) : renderCollection(node, indent);
}

function renderCollection(node: ConfigNode, indent: string): string {
  const inner = `${indent}  `;
  switch (node.kind) {
    case "scalar":
      return renderScalar(node.value);
    case "map": {
      if (node.entries.size === 0) return "{}";
      const body = renderAttributes(
        sortedMapEntries(node).map(([k, e]) => [k, e.value] as const),
        inner,
        false,
      );
      return `{\n${body.join("\n")}\n${indent}}`;
    }
    case "list": {
      if (node.items.length === 0) return "[]";
      if (node.items.every((n) => n.kind === "scalar"))
        return `[${node.items.map((n) => renderValue(n, inner)).join(", ")}]`;
      return `[\n${node.items.map((n) => `${inner}${renderValue(n, inner)},`).join("\n")}\n${indent}]`;
    }
    case "secret":
    case "unset":
      throw new InternalError(`a ${node.kind} reached the tfvars writer`);
  }
}

function renderScalar(value: string | number | bigint | boolean | null): string {
  if (value === null) return "null";
  if (typeof value === "string") return hclString(value);
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new InternalError("a non-finite number reached the tfvars writer");
    return Object.is(value, -0) ? "0" : String(value);
  }
  return String(value);
}

/** Printable ASCII without `"`, `\\`, or a `{` (so no `${`/`%{` marker): written as is. */
const SIMPLE_HCL = /^[\x20\x21\x23-\x5b\x5d-\x7a\x7c-\x7e]*$/;
const NON_PRINTABLE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Co}\p{Cn}\p{Cs}]/u;

/** A quoted HCL string: escapes quotes, backslashes, control and invisible characters, and the `${` / `%{` template markers. */
export function hclString(text: string): string {
  if (SIMPLE_HCL.test(text)) return `"${text}"`;
  let out = '"';
  const chars = [...text];
  for (const [i, ch] of chars.entries()) {
    const next = chars[i + 1];
    if (ch === "\\") out += "\\\\";
    else if (ch === '"') out += '\\"';
    else if (ch === "\n") out += "\\n";
    else if (ch === "\r") out += "\\r";
    else if (ch === "\t") out += "\\t";
    else if ((ch === "$" || ch === "%") && next === "{") out += ch + ch;
    else if (NON_PRINTABLE.test(ch)) {
      const cp = ch.codePointAt(0)!;
      out +=
        cp > 0xffff
          ? `\\U${cp.toString(16).toUpperCase().padStart(8, "0")}`
          : `\\u${cp.toString(16).toUpperCase().padStart(4, "0")}`;
    } else out += ch;
  }
  return `${out}"`;
}

/** Deterministic JSON: sorted keys, two-space indent, integers beyond 2^53 written exactly. */
export function renderJson(node: ConfigNode, indent: string): string {
  const inner = `${indent}  `;
  switch (node.kind) {
    case "scalar": {
      const v = node.value;
      if (typeof v === "bigint") return v.toString();
      if (typeof v === "number" && Object.is(v, -0)) return "0";
      return JSON.stringify(v);
    }
    case "map": {
      if (node.entries.size === 0) return "{}";
      const body = sortedMapEntries(node).map(
        ([k, e]) => `${inner}${JSON.stringify(k)}: ${renderJson(e.value, inner)}`,
      );
      return `{\n${body.join(",\n")}\n${indent}}`;
    }
    case "list":
      if (node.items.length === 0) return "[]";
      return `[\n${node.items.map((n) => inner + renderJson(n, inner)).join(",\n")}\n${indent}]`;
    case "secret":
    case "unset":
      throw new InternalError(`a ${node.kind} reached the JSON writer`);
  }
}
