/**
 * Commit ancestry over integer ids that grow in topological order (fast-export marks),
 * as git-filter-repo keeps it: "is A an ancestor of B" walks B's parents, never below A's id.
 */
export class AncestryGraph {
  readonly #parents = new Map<number, readonly number[]>();
  readonly #cache = new Map<string, boolean>();

  add(id: number, parents: readonly number[]): void {
    this.#parents.set(id, parents);
  }

  has(id: number): boolean {
    return this.#parents.has(id);
  }

  isAncestor(ancestor: number, descendant: number): boolean {
    if (ancestor === descendant) return true;
    const key = `${ancestor}:${descendant}`;
    const cached = this.#cache.get(key);
    if (cached !== undefined) return cached;
    const seen = new Set<number>();
    const queue = [descendant];
    let found = false;
    while (queue.length > 0 && !found) {
      const cur = queue.pop()!;
      for (const p of this.#parents.get(cur) ?? []) {
        if (p === ancestor) {
          found = true;
          break;
        }
        if (p > ancestor && !seen.has(p)) {
          seen.add(p);
          queue.push(p);
        }
      }
    }
    this.#cache.set(key, found);
    return found;
  }
}
