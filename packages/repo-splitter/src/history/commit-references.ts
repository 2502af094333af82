/**
 * Commit messages that name other commits ("Reverts 1a2b3c4", "fixup of <sha>") would point
 * into the old repository after a split. Like git-filter-repo, names of source commits are
 * rewritten to the target's SHA (same length) when that commit exists in the target, and left
 * alone otherwise.
 */
const CANDIDATE = /\b[0-9a-f]{7,40}\b/g;

/** Source commits seen so far, findable by an abbreviation. */
export class CommitNameIndex {
  readonly #byPrefix = new Map<string, string[]>();

  add(oid: string): void {
    const key = oid.slice(0, 7);
    const list = this.#byPrefix.get(key);
    if (list) list.push(oid);
    else this.#byPrefix.set(key, [oid]);
  }

  /** The one known commit this name abbreviates, or undefined (unknown or ambiguous). */
  resolve(name: string): string | undefined {
    const matches = (this.#byPrefix.get(name.slice(0, 7)) ?? []).filter((oid) => oid.startsWith(name));
    return matches.length === 1 ? matches[0] : undefined;
  }
}

export function hasCommitNames(message: Buffer): boolean {
  return new RegExp(CANDIDATE.source).test(message.toString("latin1"));
}

/**
 * Rewrites the commit names in a message. `targetOf` gives the target SHA of a source commit
 * kept in this target (undefined when it was pruned). Returns the new message and counts.
 */
export async function rewriteCommitNames(
  message: Buffer,
  index: CommitNameIndex,
  targetOf: (sourceOid: string) => Promise<string | undefined>,
): Promise<{ message: Buffer; rewritten: number; leftAlone: number }> {
  const text = message.toString("latin1");
  let out = "";
  let last = 0;
  let rewritten = 0;
  let leftAlone = 0;
  for (const m of text.matchAll(new RegExp(CANDIDATE.source, "g"))) {
    const source = index.resolve(m[0]);
    if (!source) continue;
    const target = await targetOf(source);
    if (!target) {
      leftAlone++;
      continue;
    }
    out += text.slice(last, m.index) + target.slice(0, m[0].length);
    last = m.index + m[0].length;
    rewritten++;
  }
  if (rewritten === 0) return { message, rewritten, leftAlone };
  return { message: Buffer.from(out + text.slice(last), "latin1"), rewritten, leftAlone };
}
