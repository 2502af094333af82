import { globToRegExp } from "@infraflux/input";
import { apiGroup, dirOf, isRecord, resolveRel, type K8sObject, type Repository } from "./model.ts";

/**
 * Flux 2.7 source-watcher: an `ArtifactGenerator` (`source.extensions.fluxcd.io`) cuts `ExternalArtifact`s out of
 * its sources with `copy:` mappings (`@monorepo/infrastructure/** → @artifact/`). A Kustomization whose
 * `sourceRef.kind` is `ExternalArtifact` has its `spec.path` relative to the artifact, i.e. after the mapping.
 */
export interface GeneratedArtifact {
  readonly name: string;
  readonly namespace?: string;
  /** The ArtifactGenerator that declares it. */
  readonly generator: K8sObject;
  /** Index in `spec.artifacts`. */
  readonly index: number;
  /** Artifact-relative file → repository-relative file (only copies from a validated repository). */
  readonly files: ReadonlyMap<string, string>;
  /** The repository the copies come from; undefined when the source is not a validated repository. */
  readonly repo?: Repository;
}

export function isArtifactGenerator(o: K8sObject): boolean {
  return o.kind === "ArtifactGenerator" && apiGroup(o.apiVersion) === "source.extensions.fluxcd.io";
}

/** The artifacts an ArtifactGenerator declares, with their files mapped from `repoOf(alias source)`. */
export function planArtifacts(
  generator: K8sObject,
  repoOf: (source: Readonly<Record<string, unknown>>) => Repository | undefined,
): GeneratedArtifact[] {
  const spec = isRecord(generator.value.spec) ? generator.value.spec : {};
  const aliases = new Map<string, Repository | undefined>();
  for (const s of Array.isArray(spec.sources) ? spec.sources : [])
    if (isRecord(s) && typeof s.alias === "string") aliases.set(s.alias, repoOf(s));
  const artifacts = Array.isArray(spec.artifacts) ? spec.artifacts : [];
  return artifacts.flatMap((a, index) => {
    if (!isRecord(a) || typeof a.name !== "string") return [];
    const files = new Map<string, string>();
    let repo: Repository | undefined;
    for (const c of Array.isArray(a.copy) ? a.copy : []) {
      if (!isRecord(c) || typeof c.from !== "string" || typeof c.to !== "string") continue;
      const from = /^@([^/]+)\/(.*)$/.exec(c.from);
      const source = from ? aliases.get(from[1]!) : undefined;
      if (!from || !source) continue;
      repo = source;
      for (const [art, rel] of copyFiles(source, from[2]!, c.to.replace(/^@artifact\/?/, ""))) files.set(art, rel);
    }
    const ns = generator.namespace;
    return [{ name: a.name, ...(ns ? { namespace: ns } : {}), generator, index, files, ...(repo ? { repo } : {}) }];
  });
}

/** Files a `copy` entry takes from a repository: glob `from` (`*`, `**`) → artifact path under `to`. */
function copyFiles(repo: Repository, from: string, to: string): [string, string][] {
  const literal = from.split(/[*?[]/)[0] ?? "";
  const base = literal.endsWith("/") || !/[*?[]/.test(from) ? literal : dirOf(literal) + (dirOf(literal) ? "/" : "");
  const glob = globToRegExp(from);
  const toDir = to === "" || to.endsWith("/");
  const out: [string, string][] = [];
  for (const rel of repo.files) {
    if (!glob.test(rel) && !(!/[*?[]/.test(from) && rel.startsWith(`${from.replace(/\/$/, "")}/`))) continue;
    const rest = rel.slice(base.length);
    out.push([toDir ? `${to}${rest}` : to, rel]);
  }
  return out;
}

/**
 * The repository directory an artifact path stands for: the directory of any artifact file below it, minus the
 * same suffix. Undefined when the artifact has no file there (the path does not exist in the artifact).
 */
export function artifactDir(artifact: GeneratedArtifact, path: string): string | undefined {
  const p = resolveRel("", path);
  if (p === undefined) return undefined;
  for (const [art, rel] of artifact.files) {
    if (p !== "" && !art.startsWith(`${p}/`)) continue;
    const suffix = art.slice(p === "" ? 0 : p.length + 1);
    if (!rel.endsWith(suffix)) continue;
    return rel.slice(0, rel.length - suffix.length).replace(/\/$/, "");
  }
  return undefined;
}
