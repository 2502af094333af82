import { dirOf, isRecord, resolveRel, type Repository, type YamlDoc } from "./model.ts";

export const KUSTOMIZATION_FILE_NAMES = ["kustomization.yaml", "kustomization.yml", "Kustomization"];

export interface KustomizationFile {
  readonly repo: Repository;
  readonly doc: YamlDoc;
  /** Directory of the kustomization, repository-relative. */
  readonly dir: string;
  readonly value: Readonly<Record<string, unknown>>;
}

/** What a reference may point at: a file, a kustomization directory, or either. */
export type RefTarget = "file" | "dir" | "file-or-dir";

export interface KustomizeRef {
  readonly field: string;
  readonly docPath: readonly (string | number)[];
  readonly ref: string;
  readonly target: RefTarget;
}

export function isKustomizationPath(rel: string): boolean {
  const base = rel.split("/").pop() ?? rel;
  return KUSTOMIZATION_FILE_NAMES.includes(base);
}

export function isFluxKustomization(v: Record<string, unknown>): boolean {
  return typeof v.apiVersion === "string" && v.apiVersion.startsWith("kustomize.toolkit.fluxcd.io/");
}

const kustomizationCache = new WeakMap<Repository, KustomizationFile[]>();

/** Every kustomization.yaml of a repository (its first document), except Flux objects saved under that name. */
export function kustomizationFiles(repo: Repository): KustomizationFile[] {
  const hit = kustomizationCache.get(repo);
  if (hit) return hit;
  const out: KustomizationFile[] = [];
  const seen = new Set<string>();
  for (const doc of repo.docs) {
    if (!isKustomizationPath(doc.rel) || seen.has(doc.rel)) continue;
    seen.add(doc.rel);
    if (!isRecord(doc.value) || isFluxKustomization(doc.value)) continue;
    out.push({ repo, doc, dir: dirOf(doc.rel), value: doc.value });
  }
  kustomizationCache.set(repo, out);
  return out;
}

export function kustomizationIn(repo: Repository, dir: string): string | undefined {
  for (const n of KUSTOMIZATION_FILE_NAMES) {
    const p = dir === "" ? n : `${dir}/${n}`;
    if (repo.files.has(p)) return p;
  }
  return undefined;
}

export function isRemoteRef(ref: string): boolean {
  return (
    /^[a-z][a-z0-9+.-]*:\/\//i.test(ref) ||
    /^git@/.test(ref) ||
    /^(github\.com|gitlab\.com|bitbucket\.org)\//.test(ref) ||
    ref.includes("?ref=")
  );
}

/** Every local path a kustomization refers to, with the document path of the reference. */
export function kustomizeRefs(k: Readonly<Record<string, unknown>>): KustomizeRef[] {
  const refs: KustomizeRef[] = [];
  const add = (field: string, docPath: (string | number)[], ref: unknown, target: RefTarget) => {
    if (typeof ref !== "string" || ref.includes("\n") || ref.trim() === "" || isRemoteRef(ref)) return;
    refs.push({ field, docPath, ref, target });
  };
  const list = (field: string, target: RefTarget) => {
    const v = k[field];
    if (Array.isArray(v)) v.forEach((r, i) => add(field, [field, i], r, target));
  };
  list("resources", "file-or-dir");
  list("bases", "dir");
  list("components", "dir");
  list("crds", "file");
  list("patchesStrategicMerge", "file");
  list("configurations", "file");
  for (const f of ["generators", "transformers", "validators"]) list(f, "file-or-dir");
  for (const f of ["patches", "patchesJson6902", "replacements"]) {
    const v = k[f];
    if (!Array.isArray(v)) continue;
    // `patches: [file.yaml]` (a bare path) is accepted by kustomize too, as in Argo CD's examples.
    v.forEach((p, i) => (isRecord(p) ? add(f, [f, i, "path"], p.path, "file") : add(f, [f, i], p, "file")));
  }
  if (isRecord(k.openapi)) add("openapi", ["openapi", "path"], k.openapi.path, "file");
  for (const g of ["configMapGenerator", "secretGenerator"]) {
    const v = k[g];
    if (!Array.isArray(v)) continue;
    v.forEach((gen, i) => {
      if (!isRecord(gen)) return;
      for (const f of ["files", "envs"]) {
        const files = gen[f];
        if (Array.isArray(files))
          files.forEach(
            (e, j) =>
              typeof e === "string" && add(g, [g, i, f, j], e.includes("=") ? e.slice(e.indexOf("=") + 1) : e, "file"),
          );
      }
      add(g, [g, i, "env"], gen.env, "file");
    });
  }
  return refs;
}

/** Repository-relative files that kustomizations use as patches: partial objects, not whole manifests. */
const patchCache = new WeakMap<Repository, Set<string>>();

export function patchFiles(repo: Repository): Set<string> {
  const hit = patchCache.get(repo);
  if (hit) return hit;
  const out = new Set<string>();
  patchCache.set(repo, out);
  for (const k of kustomizationFiles(repo)) {
    for (const r of kustomizeRefs(k.value)) {
      if (
        r.field === "patches" ||
        r.field === "patchesJson6902" ||
        r.field === "patchesStrategicMerge" ||
        r.field === "replacements" ||
        r.field === "configurations" ||
        r.field === "openapi"
      ) {
        const p = resolveRel(k.dir, r.ref);
        if (p !== undefined) out.add(p);
      }
    }
  }
  return out;
}
