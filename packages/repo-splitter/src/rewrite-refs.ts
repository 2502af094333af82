import { isMap, isScalar, isSeq, LineCounter, parse, parseAllDocuments, type Scalar } from "yaml";
import { posix } from "node:path";
import type { Matrix } from "./matrix.ts";
import { PathMapper } from "./plan.ts";

export type ReferenceKind = "kustomize" | "argocd" | "flux" | "terraform" | "sops" | "ansible" | "gitmodules" | "symlink" | "gitattributes";

export interface ReferenceEdit {
  readonly file: string;
  readonly line: number;
  readonly kind: ReferenceKind;
  readonly before: string;
  readonly after: string;
}

/** A reference that cannot be made to work inside this target: reported, never silently broken. */
export interface ReferenceProblem {
  readonly file: string;
  readonly line: number;
  readonly kind: ReferenceKind;
  readonly reference: string;
  readonly reason: string;
}

/** Where a source path (file or directory) went. */
export type Placement =
  | { readonly kind: "here"; readonly path: string }
  | { readonly kind: "elsewhere"; readonly target: string; readonly path: string }
  | { readonly kind: "scattered"; readonly targets: readonly string[] }
  | { readonly kind: "dropped" }
  | { readonly kind: "missing" };

/** Knows the source tree at the split point and where each of its paths went. */
export class LayoutIndex {
  readonly #mapper: PathMapper;
  readonly #files: readonly string[];
  readonly #fileSet: ReadonlySet<string>;
  readonly target: string;

  constructor(matrix: Matrix, sourceFiles: readonly string[], target: string) {
    this.#mapper = new PathMapper(matrix);
    this.#files = [...sourceFiles].sort();
    this.#fileSet = new Set(sourceFiles);
    this.target = target;
  }

  #reverse: Map<string, string> | undefined;

  /** Source path of a file of this target (the first source path that lands on it). */
  sourcePathOf(targetPath: string): string | undefined {
    if (!this.#reverse) {
      this.#reverse = new Map();
      for (const f of this.#files) {
        for (const d of this.#destinations(f)) if (d.target === this.target && !this.#reverse.has(d.path)) this.#reverse.set(d.path, f);
      }
    }
    return this.#reverse.get(targetPath);
  }

  /** Source files at the split point whose path matches (for `.sops.yaml` creation rules). */
  sourceFilesMatching(pattern: RegExp): string[] {
    return this.#files.filter((f) => pattern.test(f));
  }

  /** Where one source file went, in every target. */
  destinationsOf(path: string): { target: string; path: string }[] {
    return this.#destinations(path);
  }

  #destinations(path: string): { target: string; path: string }[] {
    const m = this.#mapper.map(path);
    if (m.kind === "move") return [...m.destinations];
    if (m.kind === "split") return m.cases.map((c) => c.destination);
    return [];
  }

  isFile(sourcePath: string): boolean {
    return this.#fileSet.has(sourcePath);
  }

  place(sourcePath: string): Placement {
    const clean = sourcePath.replace(/\/+$/, "");
    if (this.#fileSet.has(clean)) return this.#placeFiles([[clean, ""]]);
    const prefix = clean === "" ? "" : clean + "/";
    const under = this.#files.filter((f) => f.startsWith(prefix)).map((f) => [f, f.slice(prefix.length)] as [string, string]);
    if (under.length === 0) return { kind: "missing" };
    return this.#placeFiles(under);
  }

  /** Where a set of files (with their path relative to the referenced location) went, as one place. */
  #placeFiles(files: readonly [string, string][]): Placement {
    const here = new Map<string, number>();
    const elsewhere = new Map<string, { target: string; path: string }>();
    let dropped = 0;
    for (const [file, relative] of files) {
      const destinations = this.#destinations(file);
      if (destinations.length === 0) dropped++;
      for (const d of destinations) {
        const base = relative === "" ? d.path : d.path.endsWith("/" + relative) ? d.path.slice(0, -relative.length - 1) : undefined;
        if (base === undefined) continue;
        if (d.target === this.target) here.set(base, (here.get(base) ?? 0) + 1);
        else elsewhere.set(d.target, { target: d.target, path: base });
      }
    }
    if (here.size > 0) {
      const best = [...here.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]!;
      return { kind: "here", path: best[0] };
    }
    if (elsewhere.size === 1) {
      const only = [...elsewhere.values()][0]!;
      return { kind: "elsewhere", target: only.target, path: only.path };
    }
    if (elsewhere.size > 1) return { kind: "scattered", targets: [...elsewhere.keys()] };
    return dropped > 0 ? { kind: "dropped" } : { kind: "missing" };
  }
}

export interface RewriteContext {
  readonly layout: LayoutIndex;
  readonly matrix: Matrix;
}

export interface FileRewrite {
  readonly text: string;
  readonly edits: ReferenceEdit[];
  readonly problems: ReferenceProblem[];
}

const KUSTOMIZATION = /(^|\/)kustomization\.ya?ml$|(^|\/)Kustomization$/;

/** Whether a target file may hold references worth rewriting (cheap test before reading it). */
export function mayHoldReferences(path: string): boolean {
  return KUSTOMIZATION.test(path) || /\.ya?ml$/.test(path) || path.endsWith(".tf");
}

/**
 * Rewrites the references in one file that moved from `sourcePath` to `targetPath`. Pure:
 * edits are made in place on the text, so formatting and comments stay as they were.
 */
export function rewriteFileReferences(text: string, sourcePath: string, targetPath: string, ctx: RewriteContext): FileRewrite {
  if (posix.basename(targetPath) === ".sops.yaml") return rewriteSopsCreationRules(text, targetPath, ctx);
  if (targetPath.endsWith(".tf")) return rewriteTerraform(text, sourcePath, targetPath, ctx);
  if (/\.ya?ml$/.test(targetPath) || KUSTOMIZATION.test(targetPath)) return rewriteYaml(text, sourcePath, targetPath, ctx);
  return { text, edits: [], problems: [] };
}

interface PendingEdit {
  readonly start: number;
  readonly end: number;
  readonly replacement: string;
  readonly edit: Omit<ReferenceEdit, "line" | "file">;
}

function rewriteYaml(text: string, sourcePath: string, targetPath: string, ctx: RewriteContext): FileRewrite {
  const lineCounter = new LineCounter();
  let docs;
  try {
    docs = parseAllDocuments(text, { lineCounter });
  } catch {
    return { text, edits: [], problems: [] };
  }
  if (!Array.isArray(docs)) return { text, edits: [], problems: [] };
  const pending: PendingEdit[] = [];
  const problems: ReferenceProblem[] = [];
  const lineOf = (offset: number) => lineCounter.linePos(offset).line;
  const isKustomization = KUSTOMIZATION.test(targetPath);
  for (const doc of docs) {
    if (doc.errors.length > 0 || !isMap(doc.contents)) continue;
    const root = doc.contents;
    const kind = scalarValue(root.get("kind", true));
    const apiVersion = scalarValue(root.get("apiVersion", true)) ?? "";
    const problem = (node: Scalar, kindOf: ReferenceKind, reason: string) =>
      problems.push({ file: targetPath, line: lineOf(node.range?.[0] ?? 0), kind: kindOf, reference: String(node.value), reason });

    if (isKustomization && (!kind || kind === "Kustomization") && !apiVersion.startsWith("kustomize.toolkit.fluxcd.io")) {
      for (const key of ["resources", "components", "bases", "crds", "patchesStrategicMerge"]) {
        const list = root.get(key, true);
        if (!isSeq(list)) continue;
        for (const item of list.items) if (isScalar(item)) relativeEdit(item, "kustomize", sourcePath, targetPath, ctx, pending, problem);
      }
      for (const key of ["patches", "patchesJson6902"]) {
        const list = root.get(key, true);
        if (!isSeq(list)) continue;
        for (const item of list.items) {
          const path = isMap(item) ? item.get("path", true) : undefined;
          if (isScalar(path)) relativeEdit(path, "kustomize", sourcePath, targetPath, ctx, pending, problem);
        }
      }
      // Generator inputs: `files` (optionally `key=path`), `envs` and the older `env`.
      for (const key of ["configMapGenerator", "secretGenerator"]) {
        const list = root.get(key, true);
        for (const generator of isSeq(list) ? list.items : []) {
          if (!isMap(generator)) continue;
          for (const field of ["files", "envs"]) {
            const entries = generator.get(field, true);
            for (const entry of isSeq(entries) ? entries.items : []) if (isScalar(entry)) relativeEdit(entry, "kustomize", sourcePath, targetPath, ctx, pending, problem);
          }
          const env = generator.get("env", true);
          if (isScalar(env)) relativeEdit(env, "kustomize", sourcePath, targetPath, ctx, pending, problem);
        }
      }
      continue;
    }
    if (apiVersion.startsWith("argoproj.io/") && (kind === "Application" || kind === "ApplicationSet")) {
      const spec = root.get("spec", true);
      const specs = kind === "Application" ? [spec] : [isMap(spec) ? spec.getIn(["template", "spec"], true) : undefined];
      for (const s of specs) {
        if (!isMap(s)) continue;
        const many = s.get("sources", true);
        const sources = [s.get("source", true), ...(isSeq(many) ? many.items : [])];
        for (const src of sources) if (isMap(src)) argoSourceEdit(src.get("repoURL", true), src.get("path", true), ctx, pending, problem);
      }
      if (kind === "ApplicationSet" && isMap(spec)) {
        const generators = spec.get("generators", true);
        for (const g of isSeq(generators) ? generators.items : []) {
          const git = isMap(g) ? g.get("git", true) : undefined;
          if (!isMap(git)) continue;
          for (const listKey of ["directories", "files"]) {
            const list = git.get(listKey, true);
            for (const entry of isSeq(list) ? list.items : []) if (isMap(entry)) argoSourceEdit(git.get("repoURL", true), entry.get("path", true), ctx, pending, problem);
          }
        }
      }
      continue;
    }
    if (apiVersion.startsWith("kustomize.toolkit.fluxcd.io/") && kind === "Kustomization") {
      const path = root.getIn(["spec", "path"], true);
      if (isScalar(path) && typeof path.value === "string") rootRelativeEdit(path, "flux", ctx, pending, problem);
    }
  }
  return applyEdits(text, pending, problems, lineOf, targetPath);
}

function relativeEdit(node: Scalar, kind: ReferenceKind, sourcePath: string, targetPath: string, ctx: RewriteContext, pending: PendingEdit[], problem: (n: Scalar, k: ReferenceKind, reason: string) => void): void {
  if (typeof node.value !== "string" || isRemote(node.value)) return;
  // `key=path` (generator files) keeps its key.
  const eq = kind === "kustomize" ? node.value.indexOf("=") : -1;
  const keyPart = eq > 0 ? node.value.slice(0, eq + 1) : "";
  const ref = node.value.slice(keyPart.length);
  const resolved = posix.normalize(posix.join(posix.dirname(sourcePath), ref));
  if (resolved.startsWith("..")) return problem(node, kind, "points outside the source repository");
  const placement = ctx.layout.place(resolved);
  if (placement.kind === "here") {
    let next = posix.relative(posix.dirname(targetPath), placement.path) || ".";
    if (ref.startsWith("./") && !next.startsWith(".")) next = "./" + next;
    if (ref.endsWith("/") && !next.endsWith("/")) next += "/";
    if (next !== ref) pending.push(scalarEdit(node, keyPart + next, { kind, before: keyPart + ref, after: keyPart + next }));
    if (next !== ref && kind === "kustomize" && next.startsWith("../") && ctx.layout.isFile(resolved)) {
      problem(node, kind, `now names a file outside the kustomization's directory (${next}): Flux builds it, but plain kustomize refuses it (load restrictor); move the file or turn it into a component`);
    }
    return;
  }
  reportPlacement(node, kind, placement, problem);
}

function rootRelativeEdit(node: Scalar, kind: ReferenceKind, ctx: RewriteContext, pending: PendingEdit[], problem: (n: Scalar, k: ReferenceKind, reason: string) => void): void {
  const ref = node.value as string;
  const resolved = posix.normalize(ref.replace(/^\.\//, "").replace(/^\/+/, "")).replace(/^\.$/, "");
  const placement = ctx.layout.place(resolved);
  if (placement.kind === "here") {
    const next = ref.startsWith("./") ? `./${placement.path}` : placement.path;
    if (next !== ref) pending.push(scalarEdit(node, next, { kind, before: ref, after: next }));
    return;
  }
  reportPlacement(node, kind, placement, problem);
}

function argoSourceEdit(repoNode: unknown, pathNode: unknown, ctx: RewriteContext, pending: PendingEdit[], problem: (n: Scalar, k: ReferenceKind, reason: string) => void): void {
  if (!isScalar(repoNode) || typeof repoNode.value !== "string" || !sameRepository(repoNode.value, ctx.matrix.sourceUrl)) return;
  if (!isScalar(pathNode) || typeof pathNode.value !== "string") return;
  const ref = pathNode.value;
  const placement = ctx.layout.place(posix.normalize(ref.replace(/^\.\//, "")).replace(/^\.$/, ""));
  const destination = placement.kind === "here" ? { target: ctx.layout.target, path: placement.path } : placement.kind === "elsewhere" ? placement : undefined;
  if (!destination) return reportPlacement(pathNode, "argocd", placement, problem);
  const url = ctx.matrix.targets.get(destination.target)!.url;
  if (url !== repoNode.value) pending.push(scalarEdit(repoNode, url, { kind: "argocd", before: repoNode.value, after: url }));
  if (destination.path !== ref) pending.push(scalarEdit(pathNode, destination.path, { kind: "argocd", before: ref, after: destination.path }));
}

function reportPlacement(node: Scalar, kind: ReferenceKind, placement: Placement, problem: (n: Scalar, k: ReferenceKind, reason: string) => void): void {
  switch (placement.kind) {
    case "elsewhere":
      return problem(node, kind, `now lives in the ${placement.target} repository at ${placement.path}`);
    case "scattered":
      return problem(node, kind, `its files were divided between ${placement.targets.join(" and ")}`);
    case "dropped":
      return problem(node, kind, "its files were dropped by the matrix");
    case "missing":
      return problem(node, kind, "does not exist in the source repository either");
    case "here":
      return;
  }
}

function rewriteTerraform(text: string, sourcePath: string, targetPath: string, ctx: RewriteContext): FileRewrite {
  const pending: PendingEdit[] = [];
  const problems: ReferenceProblem[] = [];
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === "\n") lineStarts.push(i + 1);
  const lineOf = (offset: number) => lineStarts.filter((s) => s <= offset).length;
  // `source = "./modules/x"` inside module blocks; registry and git sources are left alone.
  const pattern = /^([ \t]*source[ \t]*=[ \t]*")(\.{1,2}\/[^"]*)"/gm;
  for (const m of text.matchAll(pattern)) {
    const ref = m[2]!;
    const start = m.index + m[1]!.length;
    const resolved = posix.normalize(posix.join(posix.dirname(sourcePath), ref));
    const placement = ctx.layout.place(resolved);
    if (placement.kind === "here") {
      let next = posix.relative(posix.dirname(targetPath), placement.path) || ".";
      if (!next.startsWith(".")) next = "./" + next;
      if (next !== ref) pending.push({ start, end: start + ref.length, replacement: next, edit: { kind: "terraform", before: ref, after: next } });
    } else {
      const fake = { value: ref, range: [start, start, start] } as unknown as Scalar;
      reportPlacement(fake, "terraform", placement, (_n, kind, reason) => problems.push({ file: targetPath, line: lineOf(start), kind, reference: ref, reason }));
    }
  }
  return applyEdits(text, pending, problems, lineOf, targetPath);
}

/**
 * `.sops.yaml` creation rules select files by `path_regex`. When the files a rule matched
 * moved together from one literal prefix to another, the prefix in the regex is rewritten;
 * when they scattered or left this repository, the rule is reported.
 */
function rewriteSopsCreationRules(text: string, targetPath: string, ctx: RewriteContext): FileRewrite {
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

function applyEdits(text: string, pending: PendingEdit[], problems: ReferenceProblem[], lineOf: (offset: number) => number, file: string): FileRewrite {
  let out = text;
  const edits: ReferenceEdit[] = [];
  for (const p of [...pending].sort((a, b) => b.start - a.start)) {
    out = out.slice(0, p.start) + p.replacement + out.slice(p.end);
    edits.push({ file, line: lineOf(p.start), ...p.edit });
  }
  edits.sort((a, b) => a.line - b.line);
  return { text: out, edits, problems };
}

function scalarEdit(node: Scalar, value: string, edit: PendingEdit["edit"]): PendingEdit {
  const [start, end] = node.range ?? [0, 0];
  const quote = node.type === "QUOTE_DOUBLE" ? "double" : node.type === "QUOTE_SINGLE" ? "single" : "plain";
  const replacement =
    quote === "double" || (quote === "plain" && !isPlainSafe(value))
      ? JSON.stringify(value)
      : quote === "single"
        ? `'${value.replace(/'/g, "''")}'`
        : value;
  return { start, end, replacement, edit };
}

/** Whether a string can be written as a plain YAML scalar and read back as the same string. */
function isPlainSafe(value: string): boolean {
  if (value === "" || /^\s|\s$|\n/.test(value)) return false;
  try {
    return parse(value) === value;
  } catch {
    return false;
  }
}

function scalarValue(node: unknown): string | undefined {
  return isScalar(node) && typeof node.value === "string" ? node.value : undefined;
}

function isRemote(ref: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(ref) || /^(github\.com|gitlab\.com|bitbucket\.org)\//.test(ref) || ref.startsWith("git@");
}

/** Compares repository URLs loosely: scheme, `.git` suffix, trailing slash and case of the host do not matter. */
export function sameRepository(a: string, b: string): boolean {
  const norm = (u: string) =>
    u
      .trim()
      .replace(/^git@([^:]+):/, "https://$1/")
      .replace(/^(ssh|git|http|https):\/\/(git@)?/, "")
      .replace(/\.git\/?$/, "")
      .replace(/\/+$/, "")
      .toLowerCase();
  return norm(a) === norm(b);
}
