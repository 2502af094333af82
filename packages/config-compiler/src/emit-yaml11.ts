import { stringify } from "yaml";

const OPTIONS = { version: "1.1", lineWidth: 0 } as const;

/**
 * `yaml`'s `stringify(value, { version: "1.1", lineWidth: 0 })`, byte for byte, with a direct writer for the
 * common case (maps, lists and scalars that need no quoting), which is many times faster than building a
 * Document per file. Anything else falls back to `yaml` for the whole value (property-tested to be identical).
 */
export function stringifyYaml11(value: unknown, fallback: () => string = () => stringify(value, OPTIONS)): string {
  if (!isPlainObject(value) || Object.keys(value).length === 0) return fallback();
  const lines: string[] = [];
  return writeMap(value, "", lines) ? `${lines.join("\n")}\n` : fallback();
}

/** Plain in YAML 1.1 and 1.2 alike: starts with a letter, `_` or `/`; no indicator or space; not a bool/null word. */
const PLAIN = /^[A-Za-z_/][A-Za-z0-9_./-]*(?::[A-Za-z0-9_./-]+)*$/;
const RESERVED = /^(?:y|n|yes|no|on|off|true|false|null)$/i;

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === "object" && Object.getPrototypeOf(v) === Object.prototype;
}

/** Dotted numbers with three or more parts (IP addresses, versions): no YAML 1.1 or 1.2 number or date. */
const DOTTED = /^[0-9]+(?:\.[0-9]+){2,}$/;

/** `yaml` reads `e5`, `E-3` as floats in YAML 1.1 (its exponent form allows no mantissa). */
const BARE_EXPONENT = /^[eE][-+]?[0-9]+$/;

function plainString(s: string): boolean {
  return (PLAIN.test(s) && (s.length > 5 || !RESERVED.test(s)) && !BARE_EXPONENT.test(s)) || DOTTED.test(s);
}

function inline(v: unknown): string | undefined {
  if (v === null) return "null";
  if (typeof v === "string") return plainString(v) ? v : undefined;
  if (typeof v === "boolean") return v ? "true" : "false";
  if (typeof v === "bigint") return String(v);
  if (typeof v === "number") return Number.isSafeInteger(v) && !Object.is(v, -0) ? String(v) : undefined;
  if (Array.isArray(v)) return v.length === 0 ? "[]" : undefined;
  if (isPlainObject(v)) return Object.keys(v).length === 0 ? "{}" : undefined;
  return undefined;
}

function writeMap(map: Record<string, unknown>, indent: string, lines: string[]): boolean {
  for (const key of Object.keys(map)) {
    const v = map[key];
    if (!plainString(key) || v === undefined) return false;
    const text = inline(v);
    if (text !== undefined) {
      lines.push(`${indent}${key}: ${text}`);
      continue;
    }
    lines.push(`${indent}${key}:`);
    if (isPlainObject(v)) {
      if (!writeMap(v, `${indent}  `, lines)) return false;
    } else if (Array.isArray(v)) {
      if (!writeList(v, `${indent}  `, lines)) return false;
    } else return false;
  }
  return true;
}

function writeList(list: readonly unknown[], indent: string, lines: string[]): boolean {
  for (const item of list) {
    const text = inline(item);
    if (text !== undefined && text !== "{}" && text !== "[]") {
      lines.push(`${indent}- ${text}`);
      continue;
    }
    if (!isPlainObject(item) || Object.keys(item).length === 0) return false;
    const start = lines.length;
    if (!writeMap(item, `${indent}  `, lines)) return false;
    lines[start] = `${indent}- ${lines[start]!.slice(indent.length + 2)}`;
  }
  return true;
}
