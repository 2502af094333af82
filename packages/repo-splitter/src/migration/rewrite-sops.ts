import { posix } from "node:path";
import { isMap, isScalar, isSeq, LineCounter, parseAllDocuments } from "yaml";
import { applyEdits, scalarEdit, type PendingEdit } from "./_yaml-edit.ts";
import type { FileRewrite, ReferenceProblem, ReferenceRewriteContext } from "./reference-types.ts";

/**
 * `.sops.yaml` creation rules select files by `path_regex`. When the files a rule matched
 * moved together from one literal prefix to another, the prefix in the regex is rewritten;
 * when they scattered or left this repository, the rule is reported.
 */
export function rewriteSopsCreationRules(text: string, targetPath: string, ctx: ReferenceRewriteContext): FileRewrite {
  const lineCounter = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter });
  const pending: PendingEdit[] = [];
  const problems: ReferenceProblem[] = [];
  const lineOf = (offset: number) => lineCounter.linePos(offset).line;
  const doc = Array.isArray(docs) ? docs[0] : undefined;
  const rules = doc && isMap(doc.contents) ? doc.contents.get("creation_rules", true) : undefined;
  const base = posix.dirname(targetPath) === "." ? "" : `${posix.dirname(targetPath)}/`;
  const items = isSeq(rules) ? rules.items : [];
  const lineStart = (offset: number) => text.lastIndexOf("\n", offset - 1) + 1;
  items.forEach((rule, index) => {
    const node = isMap(rule) ? rule.get("path_regex", true) : undefined;
    if (!isScalar(node) || typeof node.value !== "string") return;
    const regexText = node.value;
    let regex: RegExp;
    try {
      regex = new RegExp(regexText);
    } catch {
      return;
    }
    const anchored = regexText.startsWith("^");
    const { literal, length } = literalPrefix(regexText.replace(/^\^/, ""));
    const matched = ctx.layout.sourceFilesMatching(regex);
    const here = matched.flatMap((f) =>
      ctx.layout
        .destinationsOf(f)
        .filter((d) => d.target === ctx.layout.target)
        .map((d) => ({ from: f, to: base ? d.path.slice(base.length) : d.path })),
    );
    if (here.length === 0) {
      // Every file this rule was written for went to another repository: the rule goes too (it is listed in the report).
      if (matched.length > 0 && isMap(rule) && rule.range) {
        const start = lineStart(rule.range[0]);
        const next = items[index + 1];
        let end =
          isMap(next) && next.range
            ? lineStart(next.range[0])
            : text.indexOf("\n", rule.range[1] - 1) + 1 || text.length;
        // Comment lines right above the next rule belong to it.
        while (end > start) {
          const previous = lineStart(end - 1);
          if (!text.slice(previous, end).trim().startsWith("#")) break;
          end = previous;
        }
        pending.push({
          start,
          end,
          replacement: "",
          edit: {
            kind: "sops",
            before: regexText,
            after: "(creation rule removed: its files are in another repository)",
          },
        });
      }
      return;
    }
    if (here.every((h) => regex.test(h.to))) return;
    const prefixes = new Set(
      here.map((h) =>
        h.from.startsWith(literal) && h.to.endsWith(h.from.slice(literal.length))
          ? h.to.slice(0, h.to.length - (h.from.length - literal.length))
          : undefined,
      ),
    );
    const [prefix] = prefixes;
    if (prefixes.size !== 1 || prefix === undefined || literal === "") {
      problems.push({
        file: targetPath,
        line: lineOf(node.range?.[0] ?? 0),
        kind: "sops",
        reference: regexText,
        reason: "its files moved to different places; write new creation rules for them",
      });
      return;
    }
    const next = (anchored ? "^" : "") + escapeRegexLiteral(prefix) + regexText.replace(/^\^/, "").slice(length);
    pending.push(scalarEdit(node, next, { kind: "sops", before: regexText, after: next }));
  });
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
