import { isMap, isScalar, isSeq, LineCounter, parseAllDocuments, type Scalar } from "yaml";
import { posix } from "node:path";
import type { Placement } from "./layout-index.ts";
import { rewriteSopsCreationRules } from "./rewrite-sops.ts";
import { applyEdits, scalarEdit, type PendingEdit } from "./_yaml-edit.ts";
import type { FileRewrite, ReferenceKind, ReferenceProblem, ReferenceRewriteContext } from "./reference-types.ts";

const KUSTOMIZATION = /(^|\/)kustomization\.ya?ml$|(^|\/)Kustomization$/;

/** Whether a target file may hold references worth rewriting (cheap test before reading it). */
export function mayHoldReferences(path: string): boolean {
  return KUSTOMIZATION.test(path) || /\.ya?ml$/.test(path) || path.endsWith(".tf");
}

/**
 * Rewrites the references in one file that moved from `sourcePath` to `targetPath`. Pure:
 * edits are made in place on the text, so formatting and comments stay as they were.
 */
export function rewriteFileReferences(
  text: string,
  sourcePath: string,
  targetPath: string,
  ctx: ReferenceRewriteContext,
): FileRewrite {
  if (posix.basename(targetPath) === ".sops.yaml") return rewriteSopsCreationRules(text, targetPath, ctx);
  if (targetPath.endsWith(".tf")) return rewriteTerraform(text, sourcePath, targetPath, ctx);
  if (/\.ya?ml$/.test(targetPath) || KUSTOMIZATION.test(targetPath))
    return rewriteYaml(text, sourcePath, targetPath, ctx);
  return { text, edits: [], problems: [] };
}

function rewriteYaml(text: string, sourcePath: string, targetPath: string, ctx: ReferenceRewriteContext): FileRewrite {
  const lineCounter = new LineCounter();
  let docs: ReturnType<typeof parseAllDocuments>;
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
      problems.push({
        file: targetPath,
        line: lineOf(node.range?.[0] ?? 0),
        kind: kindOf,
        reference: String(node.value),
        reason,
      });

    if (
      isKustomization &&
      (!kind || kind === "Kustomization") &&
      !apiVersion.startsWith("kustomize.toolkit.fluxcd.io")
    ) {
      for (const key of ["resources", "components", "bases", "crds", "patchesStrategicMerge"]) {
        const list = root.get(key, true);
        if (!isSeq(list)) continue;
        for (const item of list.items)
          if (isScalar(item)) relativeEdit(item, "kustomize", sourcePath, targetPath, ctx, pending, problem);
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
            for (const entry of isSeq(entries) ? entries.items : [])
              if (isScalar(entry)) relativeEdit(entry, "kustomize", sourcePath, targetPath, ctx, pending, problem);
          }
          const env = generator.get("env", true);
          if (isScalar(env)) relativeEdit(env, "kustomize", sourcePath, targetPath, ctx, pending, problem);
        }
      }
      continue;
    }
    if (apiVersion.startsWith("argoproj.io/") && (kind === "Application" || kind === "ApplicationSet")) {
      const spec = root.get("spec", true);
      const specs =
        kind === "Application" ? [spec] : [isMap(spec) ? spec.getIn(["template", "spec"], true) : undefined];
      for (const s of specs) {
        if (!isMap(s)) continue;
        const many = s.get("sources", true);
        const sources = [s.get("source", true), ...(isSeq(many) ? many.items : [])];
        for (const src of sources)
          if (isMap(src)) argoSourceEdit(src.get("repoURL", true), src.get("path", true), ctx, pending, problem);
      }
      if (kind === "ApplicationSet" && isMap(spec)) {
        const generators = spec.get("generators", true);
        for (const g of isSeq(generators) ? generators.items : []) {
          const git = isMap(g) ? g.get("git", true) : undefined;
          if (!isMap(git)) continue;
          for (const listKey of ["directories", "files"]) {
            const list = git.get(listKey, true);
            for (const entry of isSeq(list) ? list.items : [])
              if (isMap(entry))
                argoSourceEdit(git.get("repoURL", true), entry.get("path", true), ctx, pending, problem);
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

function relativeEdit(
  node: Scalar,
  kind: ReferenceKind,
  sourcePath: string,
  targetPath: string,
  ctx: ReferenceRewriteContext,
  pending: PendingEdit[],
  problem: (n: Scalar, k: ReferenceKind, reason: string) => void,
): void {
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
    if (ref.startsWith("./") && !next.startsWith(".")) next = `./${next}`;
    if (ref.endsWith("/") && !next.endsWith("/")) next += "/";
    const leavesRoot =
      next !== ref && kind === "kustomize" && keyPart === "" && next.startsWith("../") && ctx.layout.isFile(resolved);
    if (leavesRoot) {
      // kustomize refuses files outside the root but accepts directories: when the file is alone in its new
      // directory, reference the directory and give it a kustomization listing the file.
      const dir = posix.dirname(placement.path);
      const siblings = ctx.filesByDirectory?.get(dir) ?? [];
      const generatedHere = ctx.generated?.get(`${dir}/kustomization.yaml`);
      if (
        ctx.generated &&
        (siblings.length === 1 || generatedHere !== undefined) &&
        siblings.includes(placement.path)
      ) {
        const dirRef = posix.relative(posix.dirname(targetPath), dir);
        ctx.generated.set(
          `${dir}/kustomization.yaml`,
          `apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - ${posix.basename(placement.path)}\n`,
        );
        pending.push(scalarEdit(node, dirRef, { kind, before: ref, after: dirRef }));
        return;
      }
    }
    if (next !== ref)
      pending.push(scalarEdit(node, keyPart + next, { kind, before: keyPart + ref, after: keyPart + next }));
    if (leavesRoot) {
      problem(
        node,
        kind,
        `now names a file outside the kustomization's directory (${next}): Flux builds it, but plain kustomize refuses it (load restrictor); move the file or turn it into a component`,
      );
    }
    return;
  }
  reportPlacement(node, kind, placement, problem);
}

function rootRelativeEdit(
  node: Scalar,
  kind: ReferenceKind,
  ctx: ReferenceRewriteContext,
  pending: PendingEdit[],
  problem: (n: Scalar, k: ReferenceKind, reason: string) => void,
): void {
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

function argoSourceEdit(
  repoNode: unknown,
  pathNode: unknown,
  ctx: ReferenceRewriteContext,
  pending: PendingEdit[],
  problem: (n: Scalar, k: ReferenceKind, reason: string) => void,
): void {
  if (
    !isScalar(repoNode) ||
    typeof repoNode.value !== "string" ||
    !sameRepository(repoNode.value, ctx.matrix.sourceUrl)
  )
    return;
  if (!isScalar(pathNode) || typeof pathNode.value !== "string") return;
  const ref = pathNode.value;
  const placement = ctx.layout.place(posix.normalize(ref.replace(/^\.\//, "")).replace(/^\.$/, ""));
  const destination =
    placement.kind === "here"
      ? { target: ctx.layout.target, path: placement.path }
      : placement.kind === "elsewhere"
        ? placement
        : undefined;
  if (!destination) return reportPlacement(pathNode, "argocd", placement, problem);
  const url = ctx.matrix.targets.get(destination.target)!.url;
  if (url !== repoNode.value)
    pending.push(scalarEdit(repoNode, url, { kind: "argocd", before: repoNode.value, after: url }));
  if (destination.path !== ref)
    pending.push(scalarEdit(pathNode, destination.path, { kind: "argocd", before: ref, after: destination.path }));
}

function reportPlacement(
  node: Scalar,
  kind: ReferenceKind,
  placement: Placement,
  problem: (n: Scalar, k: ReferenceKind, reason: string) => void,
): void {
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

function rewriteTerraform(
  text: string,
  sourcePath: string,
  targetPath: string,
  ctx: ReferenceRewriteContext,
): FileRewrite {
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
      if (!next.startsWith(".")) next = `./${next}`;
      if (next !== ref)
        pending.push({
          start,
          end: start + ref.length,
          replacement: next,
          edit: { kind: "terraform", before: ref, after: next },
        });
    } else {
      const fake = { value: ref, range: [start, start, start] } as unknown as Scalar;
      reportPlacement(fake, "terraform", placement, (_n, kind, reason) =>
        problems.push({ file: targetPath, line: lineOf(start), kind, reference: ref, reason }),
      );
    }
  }
  return applyEdits(text, pending, problems, lineOf, targetPath);
}

function scalarValue(node: unknown): string | undefined {
  return isScalar(node) && typeof node.value === "string" ? node.value : undefined;
}

function isRemote(ref: string): boolean {
  return (
    /^[a-z][a-z0-9+.-]*:\/\//i.test(ref) ||
    /^(github\.com|gitlab\.com|bitbucket\.org)\//.test(ref) ||
    ref.startsWith("git@")
  );
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
