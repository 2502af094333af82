/**
 * Text and identifiers for Mermaid source.
 *
 * Labels are always written inside double quotes, where Mermaid reads `#name;` and `#123;` as
 * entity codes. Everything that could end the quoted string, start an entity, open HTML or
 * split a statement is written as an entity, so any label (quotes, brackets, `#`, `|`, `;`,
 * backticks, unicode) renders as the same text.
 */

const ENTITIES: Readonly<Record<string, string>> = {
  '"': "#quot;",
  "#": "#35;",
  "&": "#amp;",
  "<": "#lt;",
  ">": "#gt;",
  "|": "#124;",
  "`": "#96;",
  ";": "#59;",
};

/** A label as Mermaid quoted text (without the quotes); a newline becomes a line break. */
export function escapeMermaidLabel(label: string): string {
  let out = "";
  for (const ch of label.replace(/\r\n?/g, "\n")) {
    if (ch === "\n") out += "<br>";
    else if (ch === "\t") out += " ";
    else out += ENTITIES[ch] ?? ch;
  }
  // Mermaid's quoted-string token needs at least one character.
  return out === "" ? " " : out;
}

/** `"label"`, ready to place in a node, edge or subgraph title. */
export function quoteMermaidLabel(label: string): string {
  return `"${escapeMermaidLabel(label)}"`;
}

/**
 * Turns keys into unique Mermaid identifiers: a prefix, then the key's letters and digits
 * (`_` for the rest, at most 40 of them), then `_2`, `_3`… on collisions. The prefix keeps
 * identifiers away from Mermaid's keywords (`end`, `graph`, `subgraph`) and from the `o`/`x`
 * edge endings. Same keys in the same order give the same identifiers.
 */
export function planIdentifiers(prefix: string, keys: readonly string[]): Map<string, string> {
  const ids = new Map<string, string>();
  const used = new Set<string>();
  for (const key of keys) {
    if (ids.has(key)) continue;
    const slug = key
      .normalize("NFKD")
      .replace(/[^A-Za-z0-9]+/g, "_")
      .replace(/^_+|_+$/g, "")
      .slice(0, 40);
    const base = slug ? `${prefix}_${slug}` : prefix;
    let id = base;
    for (let n = 2; used.has(id); n++) id = `${base}_${n}`;
    used.add(id);
    ids.set(key, id);
  }
  return ids;
}

/** Class names are written bare in `classDef` and `class` statements. */
export function isMermaidClassName(name: string): boolean {
  return /^[A-Za-z][A-Za-z0-9_]*$/.test(name);
}
