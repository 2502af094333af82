import { allObjects, findObject, type Located } from "./_flux.ts";
import type { ClusterScope } from "./_entry-points.ts";
import type { K8sObject } from "./model.ts";
import type { RuleContext } from "./rule.ts";

/** Where references from one object are looked up: each cluster it is applied in, or every object when none. */
export interface LookupScope {
  /** The cluster; undefined for repositories without entry points (the whole validated trees). */
  readonly scope?: ClusterScope;
  readonly objects: readonly Located[];
}

const scopeObjects = new WeakMap<ClusterScope, Located[]>();

export function lookupScopes(ctx: RuleContext, obj: K8sObject): LookupScope[] {
  const scopes = ctx.applied?.scopesOf(obj) ?? [];
  if (scopes.length === 0) return [{ objects: allObjects(ctx) }];
  return scopes.map((scope) => {
    let objects = scopeObjects.get(scope);
    if (!objects) {
      objects = [...scope.objects];
      scopeObjects.set(scope, objects);
    }
    return { scope, objects };
  });
}

/** Resolves a reference in every scope of `self`: the scopes where it is missing (empty when found everywhere). */
export function missingIn(
  ctx: RuleContext,
  self: K8sObject,
  kind: string,
  name: string,
  namespace: string | undefined,
  group?: string,
): LookupScope[] {
  return lookupScopes(ctx, self).filter((s) => !findObject(s.objects, kind, name, namespace, group));
}

/** The first object a reference resolves to in the scopes of `self`. */
export function resolveInScopes(
  ctx: RuleContext,
  self: K8sObject,
  kind: string,
  name: string,
  namespace: string | undefined,
  group?: string,
): Located | undefined {
  for (const s of lookupScopes(ctx, self)) {
    const hit = findObject(s.objects, kind, name, namespace, group);
    if (hit) return hit;
  }
  return undefined;
}

/** " in cluster clusters/staging" when the lookup was per cluster, for messages. */
export function inClusters(missing: readonly LookupScope[]): string {
  const names = missing.flatMap((m) => (m.scope ? [m.scope.name] : []));
  if (names.length === 0) return "";
  return ` in cluster${names.length === 1 ? "" : "s"} ${[...new Set(names)].join(", ")}`;
}
