/**
 * Elementary cycles reachable by depth-first search, each reported once (rotated to start at its smallest node).
 * Not every elementary cycle of a dense graph, but every strongly connected knot yields at least one.
 */
export function findCycles(nodes: readonly string[], edges: ReadonlyMap<string, readonly string[]>): string[][] {
  const state = new Map<string, 1 | 2>();
  const stack: string[] = [];
  const seen = new Set<string>();
  const cycles: string[][] = [];
  const visit = (n: string) => {
    state.set(n, 1);
    stack.push(n);
    for (const m of edges.get(n) ?? []) {
      const s = state.get(m);
      if (s === 1) {
        const cycle = stack.slice(stack.indexOf(m));
        const rot = rotate(cycle);
        const key = rot.join("\u0000");
        if (!seen.has(key)) {
          seen.add(key);
          cycles.push(rot);
        }
      } else if (s === undefined) visit(m);
    }
    stack.pop();
    state.set(n, 2);
  };
  for (const n of [...nodes].sort()) if (!state.has(n)) visit(n);
  return cycles;
}

function rotate(cycle: string[]): string[] {
  let min = 0;
  cycle.forEach((n, i) => {
    if (n < cycle[min]!) min = i;
  });
  return [...cycle.slice(min), ...cycle.slice(0, min)];
}
