import { parse } from "yaml";
import type { DocumentCondition } from "./matrix-types.ts";
import type { ResolvedSplitCase, TargetPath } from "./plan.ts";

/** One YAML document as it appears in the file, with its separator line and heading comments. */
export interface RawDocument {
  readonly text: string;
  /** True when the text starts with a `---` separator line. */
  readonly hasSeparator: boolean;
  readonly fields: { kind?: string; apiVersion?: string; name?: string; namespace?: string };
}

const SEPARATOR = /^---(?:[ \t].*)?$/;

/**
 * Cuts a multi-document YAML text at its `---` lines, byte for byte: concatenating the
 * pieces gives back the input. Comments above a document's separator travel with the
 * document below them, since they head it.
 */
export function cutYamlDocuments(text: string): RawDocument[] {
  const lines = text.split(/(?<=\n)/);
  const pieces: string[][] = [[]];
  for (const line of lines) {
    if (SEPARATOR.test(line.replace(/\r?\n$/, "")) && pieces.at(-1)!.length > 0) {
      // Move trailing comment/blank lines of the previous piece to the new one: they head the next document.
      const previous = pieces.at(-1)!;
      let k = previous.length;
      while (k > 0 && /^\s*(#.*)?\r?\n?$/.test(previous[k - 1]!) && previous[k - 1]!.trim().startsWith("#")) k--;
      pieces.push([...previous.splice(k), line]);
    } else {
      pieces.at(-1)!.push(line);
    }
  }
  return pieces
    .map((p) => p.join(""))
    .filter((t) => t.length > 0)
    .map((t) => ({
      text: t,
      hasSeparator: t.split("\n").some((l) => SEPARATOR.test(l.replace(/\r$/, ""))),
      fields: readFields(t),
    }));
}

function readFields(text: string): RawDocument["fields"] {
  try {
    const value = parse(text, { maxAliasCount: 50, logLevel: "silent" }) as unknown;
    if (typeof value !== "object" || value === null) return {};
    const v = value as { kind?: unknown; apiVersion?: unknown; metadata?: { name?: unknown; namespace?: unknown } };
    const str = (x: unknown) => (typeof x === "string" ? x : undefined);
    const out: { kind?: string; apiVersion?: string; name?: string; namespace?: string } = {};
    const kind = str(v.kind);
    const apiVersion = str(v.apiVersion);
    const name = str(v.metadata?.name);
    const namespace = str(v.metadata?.namespace);
    if (kind) out.kind = kind;
    if (apiVersion) out.apiVersion = apiVersion;
    if (name) out.name = name;
    if (namespace) out.namespace = namespace;
    return out;
  } catch {
    return {};
  }
}

export function matchesCondition(fields: RawDocument["fields"], when: DocumentCondition | undefined): boolean {
  if (!when) return true;
  return (["kind", "apiVersion", "name", "namespace"] as const).every((key) => {
    const allowed = when[key];
    return !allowed || (fields[key] !== undefined && allowed.includes(fields[key]!));
  });
}

export function isYamlPath(path: string): boolean {
  return /\.ya?ml$/i.test(path);
}

/**
 * Divides one file among the cases of a split rule: each document goes to the first case
 * it matches. A non-YAML file goes whole to the first case without `when`. Returns the
 * content per destination path (destinations that receive nothing are absent).
 */
export function splitFileContent(
  path: string,
  content: Buffer,
  cases: readonly ResolvedSplitCase[],
): Map<string, { destination: TargetPath; content: Buffer; documents: number }> {
  const out = new Map<string, { destination: TargetPath; content: Buffer; documents: number }>();
  const key = (d: TargetPath) => `${d.target}:${d.path}`;
  if (!isYamlPath(path)) {
    const fallback = cases.find((c) => !c.when) ?? cases[0];
    if (fallback) out.set(key(fallback.destination), { destination: fallback.destination, content, documents: 0 });
    return out;
  }
  const groups = new Map<string, { destination: TargetPath; docs: RawDocument[] }>();
  for (const doc of cutYamlDocuments(content.toString("utf8"))) {
    const chosen = cases.find((c) => matchesCondition(doc.fields, c.when));
    if (!chosen) continue;
    const k = key(chosen.destination);
    const group = groups.get(k) ?? { destination: chosen.destination, docs: [] };
    group.docs.push(doc);
    groups.set(k, group);
  }
  for (const [k, group] of groups) {
    const text = group.docs
      .map((d, i) => (i > 0 && !d.hasSeparator ? `---\n${d.text}` : d.text))
      .map(ensureNewline)
      .join("");
    out.set(k, { destination: group.destination, content: Buffer.from(text, "utf8"), documents: group.docs.length });
  }
  return out;
}

function ensureNewline(text: string): string {
  return text.endsWith("\n") ? text : `${text}\n`;
}
