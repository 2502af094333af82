import { apiGroup, isRecord, normalizeRepoUrl, type K8sObject, type Repository } from "./model.ts";

export interface Located {
  readonly repo: Repository;
  readonly obj: K8sObject;
}

const allCache = new WeakMap<readonly Repository[], Located[]>();

/** Every object of every repository (memoised per repository list, so rules share one array and its index). */
/** What `allObjects` needs of a RuleContext (structural, so this file does not import the rule types back). */
export interface ObjectSource {
  readonly repos: readonly Repository[];
  readonly applied?: { readonly generated: readonly Located[] };
}

export function allObjects(ctx: ObjectSource): Located[] {
  const hit = allCache.get(ctx.repos);
  if (hit) return hit;
  const all = [
    ...ctx.repos.flatMap((repo) => repo.objects.map((obj) => ({ repo, obj }))),
    ...(ctx.applied?.generated ?? []),
  ];
  allCache.set(ctx.repos, all);
  return all;
}

const indexCache = new WeakMap<readonly Located[], Map<string, Located[]>>();

function byKindAndName(all: readonly Located[]): Map<string, Located[]> {
  const hit = indexCache.get(all);
  if (hit) return hit;
  const index = new Map<string, Located[]>();
  for (const l of all) {
    const key = `${l.obj.kind}\u0000${l.obj.name}`;
    const list = index.get(key);
    if (list) list.push(l);
    else index.set(key, [l]);
  }
  indexCache.set(all, index);
  return index;
}

export function isFluxKustomizationObject(o: K8sObject): boolean {
  return o.kind === "Kustomization" && apiGroup(o.apiVersion) === "kustomize.toolkit.fluxcd.io";
}

export function isHelmRelease(o: K8sObject): boolean {
  return o.kind === "HelmRelease" && apiGroup(o.apiVersion) === "helm.toolkit.fluxcd.io";
}

export function spec(o: K8sObject): Record<string, unknown> {
  return isRecord(o.value.spec) ? o.value.spec : {};
}

/**
 * Finds an object by kind and name. Namespaces compare only when both sides state one, because a kustomization
 * `namespace:` often sets it at build time.
 */
export function findObject(
  all: readonly Located[],
  kind: string,
  name: string,
  namespace: string | undefined,
  group?: string,
): Located | undefined {
  return byKindAndName(all)
    .get(`${kind}\u0000${name}`)
    ?.find(
      ({ obj }) =>
        (group === undefined || apiGroup(obj.apiVersion) === group) &&
        (namespace === undefined || obj.namespace === undefined || obj.namespace === namespace),
    );
}

/**
 * The validated repository a Flux Kustomization's source points at: the GitRepository's URL matched against each
 * repository's URL; `flux-system` (created by `flux bootstrap`) is the repository the object lives in.
 */
export function sourceRepository(ctx: ObjectSource, all: readonly Located[], self: Located): Repository | undefined {
  const ref = spec(self.obj).sourceRef;
  if (!isRecord(ref) || typeof ref.name !== "string") return undefined;
  // The bootstrap source may be an OCIRepository: the artifact CI pushes of this repository (Flux Operator fleets).
  const bootstrap = ref.name === "flux-system" && (ref.kind === "GitRepository" || ref.kind === "OCIRepository");
  if (ref.kind !== "GitRepository" && !bootstrap) return undefined;
  const ns = typeof ref.namespace === "string" ? ref.namespace : self.obj.namespace;
  const git = findObject(all, String(ref.kind), ref.name, ns, "source.toolkit.fluxcd.io");
  const url = git && ref.kind === "GitRepository" ? spec(git.obj).url : undefined;
  if (typeof url === "string") {
    const u = normalizeRepoUrl(url);
    const match = ctx.repos.find((r) => r.url === u);
    if (match) return match;
  }
  if (bootstrap && (!git || git.repo.label === self.repo.label)) return self.repo;
  return undefined;
}

/** `kind/namespace/name` (namespace may be empty): a node of the dependency graph. */
export function nodeKey(o: K8sObject): string {
  return `${o.kind}/${o.namespace ?? ""}/${o.name}`;
}

export interface DependsOnEntry {
  readonly index: number;
  readonly name: string;
  readonly namespace?: string;
}

export function dependsOn(o: K8sObject): DependsOnEntry[] {
  const d = spec(o).dependsOn;
  if (!Array.isArray(d)) return [];
  return d.flatMap((e, index) => {
    if (!isRecord(e) || typeof e.name !== "string") return [];
    const namespace = typeof e.namespace === "string" ? e.namespace : o.namespace;
    return [{ index, name: e.name, ...(namespace !== undefined ? { namespace } : {}) }];
  });
}

export function isDependable(o: K8sObject): boolean {
  return isFluxKustomizationObject(o) || isHelmRelease(o);
}
