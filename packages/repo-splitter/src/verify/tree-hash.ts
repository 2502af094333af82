import { createHash } from "node:crypto";
import { encodePath } from "../path-bytes.ts";

export interface FlatEntry {
  readonly path: string;
  readonly mode: string;
  readonly oid: string;
}

/** The object id git gives a blob with this content. */
export function hashBlob(content: Buffer): string {
  return createHash("sha1").update(`blob ${content.length}\0`).update(content).digest("hex");
}

/**
 * The id git gives the tree holding these files (what `git write-tree` would print),
 * computed in-process. Entries are sorted as git sorts them: directories as `name/`.
 */
export function hashTree(entries: readonly FlatEntry[]): string {
  const root = new Map<string, FlatEntry | Map<string, unknown>>();
  for (const e of entries) {
    const parts = e.path.split("/");
    let node = root;
    for (const part of parts.slice(0, -1)) {
      let child = node.get(part);
      if (!(child instanceof Map)) {
        child = new Map();
        node.set(part, child);
      }
      node = child as Map<string, FlatEntry | Map<string, unknown>>;
    }
    node.set(parts.at(-1)!, e);
  }
  return hashNode(root);
}

function hashNode(node: Map<string, FlatEntry | Map<string, unknown>>): string {
  const items = [...node.entries()].map(([name, value]) => {
    const isDir = value instanceof Map;
    return {
      name,
      sortKey: isDir ? `${name}/` : name,
      mode: isDir ? "40000" : (value as FlatEntry).mode,
      oid: isDir ? hashNode(value as Map<string, FlatEntry | Map<string, unknown>>) : (value as FlatEntry).oid,
    };
  });
  items.sort((a, b) => Buffer.compare(encodePath(a.sortKey), encodePath(b.sortKey)));
  const body = Buffer.concat(
    items.map((i) =>
      Buffer.concat([Buffer.from(`${i.mode} `), encodePath(i.name), Buffer.from("\0"), Buffer.from(i.oid, "hex")]),
    ),
  );
  return createHash("sha1").update(`tree ${body.length}\0`).update(body).digest("hex");
}
