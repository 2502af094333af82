import { posix } from "node:path";
import { isMap, isScalar, isSeq, LineCounter, parseAllDocuments } from "yaml";
import { applyEdits, scalarEdit, type PendingEdit } from "./_yaml-edit.ts";
import type { FileRewrite, ReferenceProblem, RewriteContext } from "./rewrite-refs.ts";

/**
 * `.sops.yaml` creation rules select files by `path_regex`. When the files a rule matched
 * moved together from one literal prefix to another, the prefix in the regex is rewritten;
 * when they scattered or left this repository, the rule is reported.
 */
export function rewriteSopsCreationRules(text: string, targetPath: string, ctx: RewriteContext): FileRewrite {
  const lineCounter = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter });
  const pending: PendingEdit[] = [];
  const problems: ReferenceProblem[] = [];
  const lineOf = (offset: number) => lineCounter.linePos(offset).line;
  const doc = Array.isArray(docs) ? docs[0] : undefined;
  const rules = doc && isMap(doc.contents) ? doc.contents.get("creation_rules", true) : undefined;
  const base = posix.dirname(targetPath) === "." ? "" : posix.dirname(targetPath) + "/";
  for (const rule of isSeq(rules) ? rules.items : []) {
    const node = isMap(rule) ? rule.get("path_regex", true) : undefined;
    if (!isScalar(node) || typeof node.value !== "string") continue;
    const regexText = node.value;
    let regex: RegExp;
    try {
      regex = new RegExp(regexText);
    } catch {
      continue;
    }
    const anchored = regexText.startsWith("^");
    const { literal, length } = literalPrefix(regexText.replace(/^\^/, ""));
    const matched = ctx.layout.sourceFilesMatching(regex);
    const here = matched.flatMap((f) => ctx.layout.destinationsOf(f).filter((d) => d.target === ctx.layout.target).map((d) => ({ from: f, to: base ? d.path.slice(base.length) : d.path })));
    if (here.length === 0) {
      if (matched.length > 0) problems.push({ file: targetPath, line: lineOf(node.range?.[0] ?? 0), kind: "sops", reference: regexText, reason: "matches no file of this repository any more (its files went to another target)" });
      continue;
    }
    if (here.every((h) => regex.test(h.to))) continue;
    const prefixes = new Set(here.map((h) => (h.from.startsWith(literal) && h.to.endsWith(h.from.slice(literal.length)) ? h.to.slice(0, h.to.length - (h.from.length - literal.length)) : undefined)));
    const [prefix] = prefixes;
    if (prefixes.size !== 1 || prefix === undefined || literal === "") {
      problems.push({ file: targetPath, line: lineOf(node.range?.[0] ?? 0), kind: "sops", reference: regexText, reason: "its files moved to different places; write new creation rules for them" });
      continue;
    }
    const next = (anchored ? "^" : "") + escapeRegexLiteral(prefix) + regexText.replace(/^\^/, "").slice(length);
    pending.push(scalarEdit(node, next, { kind: "sops", before: regexText, after: next }));
  }
  return applyEdits(text, pending, problems, lineOf, targetPath);
}

/**
 * The characters a regex matches literally at its start (`secrets/platform/` of
 * `secrets/platform/.*\\.yaml`) and how many characters of the regex spell them.
 */
function literalPrefix(regex: string): { literal: string; length: number } {
  const tokens: { ch: string; width: number }[] = [];
  let i = 0;
  while (i < regex.length) {
    const ch = regex[i]!;
    if (ch === "\\" && i + 1 < regex.length && /[./\-_]/.test(regex[i + 1]!)) {
      tokens.push({ ch: regex[i + 1]!, width: 2 });
      i += 2;
      continue;
    }
    if (/[.*+?()[\]{}|$^\\]/.test(ch)) break;
    tokens.push({ ch, width: 1 });
    i++;
  }
  // A quantifier after the literal run applies to its last character, which is then not literal.
  if (/^[*+?{]/.test(regex.slice(i)) && tokens.length > 0) i -= tokens.pop()!.width;
  return { literal: tokens.map((t) => t.ch).join(""), length: i };
}

function escapeRegexLiteral(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
