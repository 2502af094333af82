import { artifactDir, isArtifactGenerator, planArtifacts, type GeneratedArtifact } from "./_artifacts.ts";
import { isFluxKustomizationObject, spec, type Located } from "./_flux.ts";
import { isTemplatePath } from "./assemble.ts";
import { applyPatches, patchMatches, readPatch, type Patch } from "./_patches.ts";
import { kustomizationFiles, kustomizationIn, kustomizeRefs } from "./_kustomize.ts";
import { apiGroup, dirOf, isRecord, normalizeRepoUrl, resolveRel, type K8sObject, type Repository } from "./model.ts";

/**
 * What the controllers apply, found the way they find it: from each entry point (a `flux-system` Kustomization
 * written by `flux bootstrap`, a FluxInstance's `spec.sync`), follow Kustomization → source → path, per cluster.
 * Each entry point is its own graph: references resolve inside it, never across clusters.
 */
export interface ClusterScope {
  /** Where the entry point lives, e.g. `clusters/staging`; names the cluster in messages. */
  readonly name: string;
  readonly repo: Repository;
  /** Objects applied in this cluster, with the objects controllers create from them (ExternalArtifacts, …). */
  readonly objects: readonly Located[];
}

export interface AppliedModel {
  readonly scopes: readonly ClusterScope[];
  /** The clusters an object is applied in; empty for objects of repositories without entry points. */
  scopesOf(obj: K8sObject): readonly ClusterScope[];
  /** Repository → files some entry point applies or reads; only repositories that have entry points. */
  readonly reached: ReadonlyMap<Repository, ReadonlySet<string>>;
  /** The object as applied (after kustomize's and the Flux Kustomization's patches); itself when unpatched. */
  effective(obj: K8sObject): K8sObject;
  /** Every artifact declared by an ArtifactGenerator in the validated trees. */
  readonly artifacts: readonly GeneratedArtifact[];
  /** Repository → the directories a Flux Kustomization renders (what kustomize-controller builds). */
  readonly renderRoots: ReadonlyMap<Repository, ReadonlySet<string>>;
  /** Repository → manifest and kustomization files no entry point reaches, sorted (repositories with entry points). */
  readonly unapplied: ReadonlyMap<Repository, readonly string[]>;
  /** Objects controllers create from objects in the trees (ExternalArtifacts, a FluxInstance's sync objects). */
  readonly generated: readonly Located[];
}

interface EntryPoint {
  readonly repo: Repository;
  readonly name: string;
  readonly path: string;
  /** The object that defines the entry point; undefined for a bootstrap directory whose gotk-sync.yaml is empty. */
  readonly creator?: K8sObject;
  /** Objects the entry point creates (FluxInstance: its flux-system source and Kustomization). */
  readonly generated: readonly K8sObject[];
}

/** Plans the applied model of the validated repositories. Pure. */
export function planAppliedModel(repos: readonly Repository[]): AppliedModel {
  const artifacts = repos.flatMap((repo) =>
    repo.objects.filter(isArtifactGenerator).flatMap((g) => planArtifacts(g, (s) => sourceRepo(repos, repo, s))),
  );
  const scopes: ClusterScope[] = [];
  const reached = new Map<Repository, Set<string>>();
  const byObject = new Map<K8sObject, ClusterScope[]>();
  const renderRoots = new Map<Repository, Set<string>>();
  const effective = new Map<K8sObject, K8sObject>();
  for (const entry of repos.flatMap(findEntryPoints)) {
    const walk = walkScope(repos, entry, artifacts);
    const scope: ClusterScope = { name: entry.name, repo: entry.repo, objects: walk.objects };
    scopes.push(scope);
    for (const [repo, files] of walk.files) {
      const set = reached.get(repo) ?? new Set<string>();
      for (const f of files) set.add(f);
      reached.set(repo, set);
    }
    for (const { obj } of walk.objects) byObject.set(obj, [...(byObject.get(obj) ?? []), scope]);
    for (const r of walk.roots) renderRoots.set(r.repo, (renderRoots.get(r.repo) ?? new Set()).add(r.dir));
    for (const [obj, value] of walk.effective) if (!effective.has(obj)) effective.set(obj, { ...obj, value });
  }
  const generated: Located[] = [
    ...artifacts.map((a) => ({ repo: repoOfDoc(repos, a.generator), obj: externalArtifact(a) })),
    ...repos.flatMap((repo) => repo.objects.flatMap((o) => fluxInstanceObjects(o).map((obj) => ({ repo, obj })))),
  ];
  const unapplied = new Map<Repository, string[]>();
  for (const [repo, files] of reached) {
    const manifests = new Set(repo.objects.map((o) => o.doc.rel));
    unapplied.set(repo, [...manifests].filter((f) => !files.has(f)).sort());
  }
  return {
    scopes,
    scopesOf: (obj) => byObject.get(obj) ?? [],
    effective: (obj) => effective.get(obj) ?? obj,
    reached,
    renderRoots,
    unapplied,
    artifacts,
    generated,
  };
}

function repoOfDoc(repos: readonly Repository[], obj: K8sObject): Repository {
  return repos.find((r) => r.objects.includes(obj)) ?? repos[0]!;
}

function fluxInstanceObjects(obj: K8sObject): K8sObject[] {
  const sync = fluxInstanceSync(obj);
  return sync ? syncObjects(obj, sync) : [];
}

/** `clusters/<name>/flux-system` (the bootstrap Kustomization), FluxInstance `spec.sync`, the flux-instance chart. */
function findEntryPoints(repo: Repository): EntryPoint[] {
  const out: EntryPoint[] = [];
  for (const obj of repo.objects) {
    const s = spec(obj);
    if (isFluxKustomizationObject(obj) && (isBootstrapSource(obj) || isSyncBundle(repo, obj))) {
      const path = typeof s.path === "string" ? s.path : "./";
      out.push({ repo, name: clusterName(obj), path, creator: obj, generated: [] });
      continue;
    }
    const sync = fluxInstanceSync(obj);
    if (
      sync &&
      typeof sync.path === "string" &&
      (sync.url === undefined || syncsOwnRepo(repo, obj, sync.path, sync.url))
    ) {
      out.push({ repo, name: clusterName(obj), path: sync.path, creator: obj, generated: syncObjects(obj, sync) });
    }
  }
  // `flux bootstrap` writes clusters/<name>/flux-system; examples often ship its gotk-sync.yaml empty.
  for (const dir of repo.dirs) {
    if (!/(^|\/)clusters\/[^/]+\/flux-system$/.test(dir)) continue;
    if (out.some((e) => e.creator && dirOf(e.creator.doc.rel) === dir)) continue;
    const parent = dirOf(dir);
    if (!out.some((e) => resolveRel("", e.path) === parent))
      out.push({ repo, name: parent, path: parent, generated: [] });
  }
  return out;
}

/** The Kustomization `flux bootstrap` writes (gotk-sync.yaml): `flux-system` on the `flux-system` source. */
function isBootstrapSource(obj: K8sObject): boolean {
  const ref = spec(obj).sourceRef;
  return (
    obj.name === "flux-system" &&
    isRecord(ref) &&
    ref.name === "flux-system" &&
    (ref.kind === "GitRepository" || ref.kind === "OCIRepository")
  );
}

const gitByFile = new WeakMap<Repository, Map<string, K8sObject>>();

function gitRepositoriesByFile(repo: Repository): Map<string, K8sObject> {
  let index = gitByFile.get(repo);
  if (!index) {
    index = new Map();
    for (const o of repo.objects) if (o.kind === "GitRepository") index.set(`${o.doc.rel}\u0000${o.name}`, o);
    gitByFile.set(repo, index);
  }
  return index;
}

/**
 * The same shape written by hand (applied once with `kubectl apply -k` at bootstrap): a Kustomization in the same
 * file as the GitRepository it syncs, which points at this repository.
 */
function isSyncBundle(repo: Repository, obj: K8sObject): boolean {
  const ref = spec(obj).sourceRef;
  if (!isRecord(ref) || ref.kind !== "GitRepository" || typeof ref.name !== "string") return false;
  const git = gitRepositoriesByFile(repo).get(`${obj.doc.rel}\u0000${ref.name}`);
  const url = git ? spec(git).url : undefined;
  return typeof url === "string" && repo.url !== undefined && normalizeRepoUrl(url) === repo.url;
}

/** `spec.sync` of a FluxInstance, or `spec.values.instance.sync` of a HelmRelease of the flux-instance chart. */
function fluxInstanceSync(obj: K8sObject): { path?: unknown; url?: string; kind?: unknown } | undefined {
  const s = spec(obj);
  if (obj.kind === "FluxInstance" && apiGroup(obj.apiVersion) === "fluxcd.controlplane.io")
    return isRecord(s.sync) ? { ...s.sync, ...(typeof s.sync.url === "string" ? { url: s.sync.url } : {}) } : undefined;
  if (obj.kind !== "HelmRelease" || !isRecord(s.values) || !isRecord(s.values.instance)) return undefined;
  const sync = s.values.instance.sync;
  return isRecord(sync) ? { ...sync, ...(typeof sync.url === "string" ? { url: sync.url } : {}) } : undefined;
}

/** The GitRepository/OCIRepository and Kustomization a FluxInstance creates, named `sync.name` (default flux-system). */
function syncObjects(creator: K8sObject, sync: { kind?: unknown; path?: unknown }): K8sObject[] {
  const name =
    typeof (sync as Record<string, unknown>).name === "string"
      ? String((sync as { name: string }).name)
      : "flux-system";
  const namespace = creator.kind === "FluxInstance" ? (creator.namespace ?? "flux-system") : "flux-system";
  const kind = sync.kind === "OCIRepository" || sync.kind === "Bucket" ? sync.kind : "GitRepository";
  const make = (apiVersion: string, k: string, value: Record<string, unknown>): K8sObject => ({
    apiVersion,
    kind: k,
    name,
    namespace,
    value: { apiVersion, kind: k, metadata: { name, namespace }, ...value },
    doc: creator.doc,
    generatedBy: creator,
  });
  return [
    make("source.toolkit.fluxcd.io/v1", kind, {}),
    make("kustomize.toolkit.fluxcd.io/v1", "Kustomization", {
      spec: { path: sync.path, sourceRef: { kind, name }, wait: true },
    }),
  ];
}

/** The cluster directory: `clusters/<name>` when the file is below one, else the file's directory. */
function clusterName(obj: K8sObject): string {
  const m = /^(.*?clusters\/[^/]+)\//.exec(obj.doc.rel);
  return m ? m[1]! : dirOf(obj.doc.rel) || ".";
}

/**
 * A FluxInstance syncs the repository it lives in when the URL is this repository's, or when the FluxInstance's own
 * file is under its sync path: Flux Operator fleets (d2-fleet) sync an OCI artifact CI pushes from this repository,
 * whose `oci://` URL never equals the git remote.
 */
function syncsOwnRepo(repo: Repository, obj: K8sObject, path: string, url: string): boolean {
  if (sameRepo(repo, url)) return true;
  const dir = resolveRel("", path);
  return dir !== undefined && (dir === "" || obj.doc.rel.startsWith(`${dir}/`));
}

function sameRepo(repo: Repository, url: string): boolean {
  return repo.url === undefined || repo.url === normalizeRepoUrl(url);
}

/** The validated repository a source (`{kind, name, namespace}` of a GitRepository) stands for. */
function sourceRepo(
  repos: readonly Repository[],
  self: Repository,
  ref: Readonly<Record<string, unknown>>,
): Repository | undefined {
  if (typeof ref.name !== "string") return undefined;
  // `flux-system` is the bootstrap source: this repository, as a git clone or as the OCI artifact CI pushes of it.
  if (ref.name === "flux-system" && (ref.kind === "GitRepository" || ref.kind === "OCIRepository")) return self;
  if (ref.kind !== "GitRepository") return undefined;
  const git = self.objects.find((o) => o.kind === "GitRepository" && o.name === ref.name);
  const url = git ? spec(git).url : undefined;
  if (typeof url !== "string") return undefined;
  const u = normalizeRepoUrl(url);
  return repos.find((r) => r.url === u);
}

interface ScopeWalk {
  readonly objects: Located[];
  /** Directories rendered as a Flux Kustomization's path (or the entry point's). */
  readonly roots: { readonly repo: Repository; readonly dir: string }[];
  readonly files: Map<Repository, Set<string>>;
  /** Objects as applied: after kustomize's patches and the Flux Kustomization's own `spec.patches`. */
  readonly effective: Map<K8sObject, Record<string, unknown>>;
}

/** A path to render, and the Flux Kustomization that renders it (its patches and components apply). */
interface RenderStep {
  readonly repo: Repository;
  readonly dir: string;
  readonly via?: K8sObject;
}

/** Follows one entry point: renders each path as kustomize-controller would, then the Kustomizations found there. */
function walkScope(
  repos: readonly Repository[],
  entry: EntryPoint,
  artifacts: readonly GeneratedArtifact[],
): ScopeWalk {
  const walk: ScopeWalk = { objects: [], roots: [], files: new Map(), effective: new Map() };
  const seenObjects = new Set<K8sObject>();
  const add = (repo: Repository, obj: K8sObject) => {
    if (seenObjects.has(obj)) return;
    seenObjects.add(obj);
    walk.objects.push({ repo, obj });
  };
  entry.generated.forEach((o) => add(entry.repo, o));
  // The entry point's file is applied whole at bootstrap: gotk-sync.yaml's GitRepository, a sync bundle's source.
  for (const o of entry.creator ? objectsIn(entry.repo, entry.creator.doc.rel) : []) add(entry.repo, o);
  walk.files.set(entry.repo, new Set(entry.creator ? [entry.creator.doc.rel] : []));
  const start = resolveRel("", entry.path);
  let queue: RenderStep[] = start !== undefined ? [{ repo: entry.repo, dir: start }] : [];
  const seenDirs = new Set<string>();
  // Kustomizations are followed once every directory queued before them is rendered, so that the
  // ArtifactGenerator of the same cluster is known whichever file comes first.
  while (queue.length > 0) {
    const pending: Located[] = [];
    for (const step of queue) {
      const key = `${step.repo.label}\u0000${step.dir}`;
      if (seenDirs.has(key)) continue;
      seenDirs.add(key);
      walk.roots.push({ repo: step.repo, dir: step.dir });
      for (const obj of renderStep(step, walk)) {
        add(step.repo, obj);
        for (const a of isArtifactGenerator(obj) ? artifacts.filter((x) => x.generator === obj) : [])
          add(step.repo, externalArtifact(a));
        if (isFluxKustomizationObject(obj)) pending.push({ repo: step.repo, obj });
      }
    }
    const inScope = artifacts.filter((a) => seenObjects.has(a.generator));
    queue = pending.flatMap((k) => {
      const applied = { ...k.obj, value: walk.effective.get(k.obj) ?? k.obj.value };
      const next = kustomizationTarget(repos, k.repo, applied, inScope.length > 0 ? inScope : artifacts);
      return next ? [{ ...next, via: applied }] : [];
    });
  }
  return walk;
}

/** Renders one step: records the files read and each object's applied value; returns the objects. */
function renderStep(step: RenderStep, walk: ScopeWalk): K8sObject[] {
  const { repo, dir, via } = step;
  const rendered = renderDirectory(repo, dir);
  const viaSpec = via ? spec(via) : {};
  const components = (Array.isArray(viaSpec.components) ? viaSpec.components : []).flatMap((c) => {
    const d = typeof c === "string" ? resolveRel(dir, c) : undefined;
    return d !== undefined ? [renderDirectory(repo, d)] : [];
  });
  const files = walk.files.get(repo) ?? new Set<string>();
  walk.files.set(repo, files);
  const load = () => [];
  const fluxPatches = (Array.isArray(viaSpec.patches) ? viaSpec.patches : []).flatMap((e) => readPatch(e, load));
  const componentPatches = components.flatMap((c) => c.rootPatches);
  const objects: K8sObject[] = [];
  for (const r of [rendered, ...components]) {
    for (const f of r.read) files.add(f);
    for (const f of r.resources) {
      for (const obj of objectsIn(repo, f)) {
        const patches = [...(r.patches.get(f) ?? []), ...componentPatches, ...fluxPatches].filter((p) =>
          patchMatches(p, obj),
        );
        if (patches.length > 0 && !walk.effective.has(obj)) walk.effective.set(obj, applyPatches(obj.value, patches));
        objects.push(obj);
      }
    }
  }
  return objects;
}

/** Where a Flux Kustomization's `spec.path` lies in the validated repositories, if it can be followed. */
export function kustomizationTarget(
  repos: readonly Repository[],
  repo: Repository,
  obj: K8sObject,
  artifacts: readonly GeneratedArtifact[],
): { repo: Repository; dir: string } | undefined {
  const s = spec(obj);
  const path = typeof s.path === "string" ? s.path : "./";
  const ref = isRecord(s.sourceRef) ? s.sourceRef : {};
  if (ref.kind === "ExternalArtifact") {
    const a = artifacts.find((x) => x.name === ref.name && x.generator.doc.file.startsWith(repo.label));
    const dir = a?.repo ? artifactDir(a, path) : undefined;
    return a?.repo && dir !== undefined ? { repo: a.repo, dir } : undefined;
  }
  const target = sourceRepo(repos, repo, ref);
  const dir = resolveRel("", path);
  return target && dir !== undefined ? { repo: target, dir } : undefined;
}

/** An ExternalArtifact as source-watcher creates it: named by the artifact, in the generator's namespace. */
export function externalArtifact(a: GeneratedArtifact): K8sObject {
  const ns = a.namespace;
  const metadata = { name: a.name, ...(ns ? { namespace: ns } : {}) };
  return {
    apiVersion: "source.toolkit.fluxcd.io/v1",
    kind: "ExternalArtifact",
    name: a.name,
    ...(ns ? { namespace: ns } : {}),
    value: { apiVersion: "source.toolkit.fluxcd.io/v1", kind: "ExternalArtifact", metadata },
    doc: a.generator.doc,
    generatedBy: a.generator,
  };
}

const objectsByFile = new WeakMap<Repository, Map<string, K8sObject[]>>();

function objectsIn(repo: Repository, rel: string): K8sObject[] {
  let index = objectsByFile.get(repo);
  if (!index) {
    index = new Map();
    for (const o of repo.objects) index.set(o.doc.rel, [...(index.get(o.doc.rel) ?? []), o]);
    objectsByFile.set(repo, index);
  }
  return index.get(rel) ?? [];
}

interface RenderedDirectory {
  /** Files whose objects are applied. */
  readonly resources: string[];
  /** Every file the build reads: resources, kustomization files, patches, generator inputs. */
  readonly read: Set<string>;
  /** The patches kustomize applies to the objects of a resource file, in order. */
  readonly patches: Map<string, Patch[]>;
  /** The top kustomization's own patches (what a component brings to the kustomization that lists it). */
  readonly rootPatches: Patch[];
}

const PATCH_FIELDS = ["patches", "patchesStrategicMerge", "patchesJson6902"];

/**
 * The files `kustomize build DIR` (as Flux runs it) applies: the kustomization's resources and components,
 * recursively; without a kustomization, every YAML file below DIR (Flux generates one), a sub-directory with its
 * own kustomization counting as that kustomization. Each kustomization's patches (a component's: its parent's)
 * are recorded against the files they can reach.
 */
export function renderDirectory(repo: Repository, dir: string): RenderedDirectory {
  const out: RenderedDirectory = { resources: [], read: new Set(), patches: new Map(), rootPatches: [] };
  const seen = new Set<string>();
  const attach = (files: readonly string[], patches: readonly Patch[]) => {
    if (patches.length === 0) return;
    for (const f of files) out.patches.set(f, [...(out.patches.get(f) ?? []), ...patches]);
  };
  /** Renders one directory: the files it applies and the patches its parent applies to them. */
  const visit = (d: string): { files: string[]; patches: Patch[] } => {
    if (seen.has(d)) return { files: [], patches: [] };
    seen.add(d);
    const k = kustomizationIn(repo, d);
    if (k === undefined) return { files: autodetect(d), patches: [] };
    out.read.add(k);
    const file = kustomizationFiles(repo).find((x) => x.doc.rel === k);
    if (!file) return { files: [], patches: [] };
    const files: string[] = [];
    const componentPatches: Patch[] = [];
    for (const r of kustomizeRefs(file.value)) {
      const target = resolveRel(d, r.ref);
      if (target === undefined) continue;
      const whole = ["resources", "bases", "components", "crds"].includes(r.field);
      if (whole && repo.dirs.has(target) && !repo.files.has(target)) {
        const child = visit(target);
        files.push(...child.files);
        if (r.field === "components") componentPatches.push(...child.patches);
        else attach(child.files, child.patches);
      } else {
        out.read.add(target);
        if (whole) {
          out.resources.push(target);
          files.push(target);
        }
      }
    }
    attach(files, componentPatches);
    const load = (path: string) => docsOf(repo, resolveRel(d, path) ?? "");
    const own = PATCH_FIELDS.flatMap((f) => (Array.isArray(file.value[f]) ? file.value[f] : [])).flatMap((e) =>
      readPatch(e, load),
    );
    return { files, patches: own };
  };
  const autodetect = (d: string): string[] => {
    const prefix = d === "" ? "" : `${d}/`;
    const nested = new Set<string>();
    const files: string[] = [];
    for (const f of [...repo.files].sort()) {
      if (!f.startsWith(prefix) || !/\.ya?ml$/i.test(f) || isTemplatePath(f)) continue;
      const sub = nestedKustomization(repo, d, dirOf(f));
      if (sub !== undefined) nested.add(sub);
      else {
        out.read.add(f);
        out.resources.push(f);
        files.push(f);
      }
    }
    for (const sub of nested) {
      const child = visit(sub);
      attach(child.files, child.patches);
      files.push(...child.files);
    }
    return files;
  };
  const root = visit(dir);
  attach(root.files, root.patches);
  out.rootPatches.push(...root.patches);
  return out;
}

const docsByFile = new WeakMap<Repository, Map<string, unknown[]>>();

function docsOf(repo: Repository, rel: string): unknown[] {
  let index = docsByFile.get(repo);
  if (!index) {
    index = new Map();
    for (const d of repo.docs) index.set(d.rel, [...(index.get(d.rel) ?? []), d.value]);
    docsByFile.set(repo, index);
  }
  return index.get(rel) ?? [];
}

/** The highest directory between `top` (exclusive) and `dir` (inclusive) that has a kustomization. */
function nestedKustomization(repo: Repository, top: string, dir: string): string | undefined {
  if (dir === top) return undefined;
  const parts = dir.split("/");
  const depth = top === "" ? 0 : top.split("/").length;
  for (let i = depth + 1; i <= parts.length; i++) {
    const d = parts.slice(0, i).join("/");
    if (kustomizationIn(repo, d) !== undefined) return d;
  }
  return undefined;
}
