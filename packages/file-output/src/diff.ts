/** A unified diff (3 lines of context) between two texts, or "" when they are equal. */
export function unifiedDiff(oldText: string, newText: string, oldName: string, newName: string, context = 3): string {
  if (oldText === newText) return "";
  const a = splitLines(oldText);
  const b = splitLines(newText);
  const ops = diffLines(a, b);
  const hunks: string[] = [];
  let i = 0;
  while (i < ops.length) {
    if (ops[i]!.kind === " ") {
      i++;
      continue;
    }
    let start = i;
    let ctx = 0;
    while (start > 0 && ops[start - 1]!.kind === " " && ctx < context) {
      start--;
      ctx++;
    }
    let end = i;
    for (;;) {
      while (end < ops.length && ops[end]!.kind !== " ") end++;
      let run = 0;
      while (end + run < ops.length && ops[end + run]!.kind === " ") run++;
      if (end + run < ops.length && run <= context * 2) end += run;
      else {
        end += Math.min(run, context);
        break;
      }
    }
    const slice = ops.slice(start, end);
    const aStart = (slice[0]?.a ?? 0) + 1;
    const bStart = (slice[0]?.b ?? 0) + 1;
    const aLen = slice.filter((o) => o.kind !== "+").length;
    const bLen = slice.filter((o) => o.kind !== "-").length;
    hunks.push(
      `@@ -${aLen ? aStart : aStart - 1},${aLen} +${bLen ? bStart : bStart - 1},${bLen} @@`,
      ...slice.map((o) => o.kind + o.text),
    );
    i = end;
  }
  return [`--- ${oldName}`, `+++ ${newName}`, ...hunks, ""].join("\n");
}

interface Op {
  readonly kind: " " | "-" | "+";
  readonly text: string;
  /** Line index in the old text (for " " and "-") or where the insertion happens. */
  readonly a: number;
  readonly b: number;
}

function splitLines(text: string): string[] {
  if (text === "") return [];
  const lines = text.split("\n");
  if (lines.at(-1) === "") lines.pop();
  return lines;
}

/** LCS line diff; beyond 4M cells it degrades to delete-all/insert-all, which is still a correct diff. */
function diffLines(a: readonly string[], b: readonly string[]): Op[] {
  let pre = 0;
  while (pre < a.length && pre < b.length && a[pre] === b[pre]) pre++;
  let suf = 0;
  while (suf < a.length - pre && suf < b.length - pre && a[a.length - 1 - suf] === b[b.length - 1 - suf]) suf++;
  const ops: Op[] = [];
  for (let k = 0; k < pre; k++) ops.push({ kind: " ", text: a[k]!, a: k, b: k });
  const am = a.slice(pre, a.length - suf);
  const bm = b.slice(pre, b.length - suf);
  const n = am.length;
  const m = bm.length;
  if (n * m > 4_000_000) {
    am.forEach((t, k) => ops.push({ kind: "-", text: t, a: pre + k, b: pre }));
    bm.forEach((t, k) => ops.push({ kind: "+", text: t, a: pre + n, b: pre + k }));
  } else {
    const lcs = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
    for (let x = n - 1; x >= 0; x--)
      for (let y = m - 1; y >= 0; y--)
        lcs[x]![y] = am[x] === bm[y] ? lcs[x + 1]![y + 1]! + 1 : Math.max(lcs[x + 1]![y]!, lcs[x]![y + 1]!);
    let x = 0;
    let y = 0;
    while (x < n || y < m) {
      if (x < n && y < m && am[x] === bm[y]) {
        ops.push({ kind: " ", text: am[x]!, a: pre + x, b: pre + y });
        x++;
        y++;
      } else if (x < n && (y === m || lcs[x + 1]![y]! >= lcs[x]![y + 1]!)) {
        ops.push({ kind: "-", text: am[x]!, a: pre + x, b: pre + y });
        x++;
      } else {
        ops.push({ kind: "+", text: bm[y]!, a: pre + x, b: pre + y });
        y++;
      }
    }
  }
  for (let k = 0; k < suf; k++)
    ops.push({ kind: " ", text: a[a.length - suf + k]!, a: a.length - suf + k, b: b.length - suf + k });
  return ops;
}
