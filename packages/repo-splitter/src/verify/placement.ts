import type { DocumentCondition, Matrix, MatrixRule } from "../matrix/matrix-types.ts";

/**
 * verify's own reading of the matrix, written from the README's rules and deliberately
 * simple (a backtracking matcher over the `from` text, no regular expressions, no cache),
 * so that a bug in the splitter's `PathMapper` and one here cannot agree by accident.
 * Only the parsed matrix (rule texts and destinations) is shared with the splitter.
 */

export interface Place {
  readonly target: string;
  readonly path: string;
}

export type Placement =
  | { readonly kind: "copy"; readonly to: readonly Place[] }
  | { readonly kind: "split"; readonly cases: readonly { readonly when?: DocumentCondition; readonly to: Place }[] }
  | { readonly kind: "drop" }
  | { readonly kind: "unmapped" }
  | { readonly kind: "ambiguous"; readonly lines: readonly number[] }
  | { readonly kind: "unsafe" };

interface Matched {
  readonly rule: MatrixRule;
  readonly rest: string;
  readonly captures: ReadonlyMap<string, string>;
}

/** Where the matrix sends one source path. */
export function placePath(matrix: Matrix, path: string): Placement {
  if (isUnsafe(path)) return { kind: "unsafe" };
  const matched: Matched[] = [];
  for (const rule of matrix.rules) {
    const m = matchRule(rule.from.text, path);
    if (m) matched.push({ rule, ...m });
  }
  if (matched.length === 0) {
    if (matrix.unmapped.kind === "drop") return { kind: "drop" };
    if (matrix.unmapped.kind === "target") return { kind: "copy", to: [{ target: matrix.unmapped.target, path }] };
    return { kind: "unmapped" };
  }
  let best: Matched[] = [];
  for (const m of matched) {
    const order = best[0] ? moreSpecific(m.rule.from.text, best[0].rule.from.text) : 1;
    if (order > 0) best = [m];
    else if (order === 0) best.push(m);
  }
  if (best.length > 1) return { kind: "ambiguous", lines: best.map((m) => m.rule.line) };
  const winner = best[0]!;
  const place = (d: { target: string; path: string }): Place => ({ target: d.target, path: fill(d.path, winner) });
  const effect = winner.rule.effect;
  if (effect.kind === "drop") return { kind: "drop" };
  if (effect.kind === "move") return { kind: "copy", to: effect.destinations.map(place) };
  return {
    kind: "split",
    cases: effect.cases.map((c) => ({ ...(c.when ? { when: c.when } : {}), to: place(c.destination) })),
  };
}

/** A `placePath` that remembers its answers for one run. */
export function placer(matrix: Matrix): (path: string) => Placement {
  const seen = new Map<string, Placement>();
  return (path) => {
    let p = seen.get(path);
    if (!p) seen.set(path, (p = placePath(matrix, path)));
    return p;
  };
}

// ---- patterns, from the README: `/` at the end = directory, no wildcard = exact file,
// `*` within a segment, `**` across segments, `{name}` one segment (captured).

type Token =
  | { readonly t: "char"; readonly c: string }
  | { readonly t: "star" }
  | { readonly t: "stars"; readonly slash: boolean }
  | { readonly t: "capture"; readonly name: string };

function tokens(text: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const capture = captureAt(text, i);
    if (capture) {
      out.push({ t: "capture", name: capture });
      i += capture.length + 2;
    } else if (text[i] === "*" && text[i + 1] === "*") {
      const slash = text[i + 2] === "/";
      out.push({ t: "stars", slash });
      i += slash ? 3 : 2;
    } else if (text[i] === "*") {
      out.push({ t: "star" });
      i++;
    } else {
      out.push({ t: "char", c: text[i]! });
      i++;
    }
  }
  return out;
}

function captureAt(text: string, i: number): string | undefined {
  if (text[i] !== "{") return undefined;
  const close = text.indexOf("}", i);
  const name = close < 0 ? "" : text.slice(i + 1, close);
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) ? name : undefined;
}

function isWildcardText(text: string): boolean {
  return text.includes("*") || text.includes("{");
}

/** The text before the first wildcard or capture. */
function literalPrefix(text: string): string {
  for (let i = 0; i < text.length; i++) if (text[i] === "*" || captureAt(text, i)) return text.slice(0, i);
  return text;
}

/** > 0 when `a` is more specific than `b`, 0 when they tie. */
function moreSpecific(a: string, b: string): number {
  const exact = (t: string) => (!isWildcardText(t) && !t.endsWith("/") ? 1 : 0);
  if (exact(a) !== exact(b)) return exact(a) - exact(b);
  const length = literalPrefix(a).length - literalPrefix(b).length;
  if (length !== 0) return length;
  const plain = (t: string) => (isWildcardText(t) ? 0 : 1);
  return plain(a) - plain(b);
}

function baseName(path: string): string {
  return path.slice(path.lastIndexOf("/") + 1);
}

function matchRule(from: string, path: string): { rest: string; captures: Map<string, string> } | undefined {
  if (!isWildcardText(from)) {
    if (from.endsWith("/"))
      return path.startsWith(from) && path.length > from.length
        ? { rest: path.slice(from.length), captures: new Map() }
        : undefined;
    return path === from ? { rest: baseName(path), captures: new Map() } : undefined;
  }
  // A glob ending in `/` keeps what follows it; otherwise the rest starts at the last `**`.
  const directory = from.endsWith("/");
  const toks = tokens(from);
  const lastStars = toks.findLastIndex((t) => t.t === "stars");
  const captures = new Map<string, string>();
  let restStart = -1;
  // Tries the longest match of each wildcard first, left to right (as a greedy regular expression would).
  const walk = (ti: number, pi: number): boolean => {
    if (ti === toks.length) {
      if (!directory) return pi === path.length;
      if (pi >= path.length) return false;
      restStart = pi;
      return true;
    }
    const tok = toks[ti]!;
    if (tok.t === "char") return path[pi] === tok.c && walk(ti + 1, pi + 1);
    if (tok.t === "capture" || tok.t === "star") {
      let end = pi;
      while (end < path.length && path[end] !== "/") end++;
      for (let e = end; e >= pi + (tok.t === "capture" ? 1 : 0); e--) {
        if (tok.t === "capture") captures.set(tok.name, path.slice(pi, e));
        if (walk(ti + 1, e)) return true;
      }
      return false;
    }
    // `**/` is zero or more whole directories; a bare `**` is any text at all.
    for (let e = path.length; e >= pi; e--) {
      const piece = path.slice(pi, e);
      if (tok.slash && e > pi && !piece.endsWith("/")) continue;
      if (walk(ti + 1, e)) {
        if (ti === lastStars && !directory) restStart = pi;
        return true;
      }
    }
    return false;
  };
  if (!walk(0, 0)) return undefined;
  return { rest: restStart >= 0 ? path.slice(restStart) : baseName(path), captures };
}

function fill(template: string, m: Matched): string {
  let out = "";
  for (let i = 0; i < template.length; ) {
    const name = captureAt(template, i);
    if (name !== undefined) {
      out += m.captures.get(name) ?? `{${name}}`;
      i += name.length + 2;
    } else out += template[i++];
  }
  return out === "" || out.endsWith("/") ? out + m.rest : out;
}

function isUnsafe(path: string): boolean {
  if (path.startsWith("/") || path.includes("\\") || /^[A-Za-z]:/.test(path)) return true;
  const segments = path.split("/");
  return segments.some(
    (s, i) => s === ".." || s === "." || s.toLowerCase() === ".git" || (s === "" && i < segments.length - 1),
  );
}
