import type { FileChange, KustomizationPatchRef } from "./emit.ts";
import type { ObjectPatch } from "./patch.ts";
import { getEntry, jsToTree, renderYaml, ymap, yseq, type YMap, type YNode, type YScalar } from "./yaml-tree.ts";

/** The object a patch applies to; `tree` supplies the identity scalars verbatim. */
export interface PatchTarget {
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string;
  readonly namespace?: string;
  readonly tree: YMap;
}

export interface PatchFileOptions {
  /** Directory of the kustomization (output-relative), e.g. `clusters/lab`. */
  readonly dir: string;
  /** Patch file path relative to `dir`, without `.yaml`. */
  readonly stem: string;
  /** Also give the strategic-merge patch an explicit `target` (the seed's overlay style). */
  readonly smpTarget: boolean;
}

/**
 * Writes an object patch as kustomize `patches:` entries: `<stem>.yaml` (partial object, strategic merge) and,
 * when needed, `<stem>.ops.yaml` (JSON 6902 with an explicit target). Appends the references to `refs`.
 */
export function renderPatchFiles(
  target: PatchTarget,
  patch: ObjectPatch,
  options: PatchFileOptions,
  refs: KustomizationPatchRef[],
): FileChange[] {
  const changes: FileChange[] = [];
  const [group, version] = target.apiVersion.includes("/")
    ? target.apiVersion.split("/", 2)
    : [undefined, target.apiVersion];
  const gvkTarget = { group, version: version!, kind: target.kind, name: target.name, namespace: target.namespace };
  if (patch.merge !== undefined) {
    changes.push({
      path: `${options.dir}/${options.stem}.yaml`,
      content: renderYaml(withIdentity(target, patch.merge)),
    });
    refs.push(
      options.smpTarget ? { path: `${options.stem}.yaml`, target: gvkTarget } : { path: `${options.stem}.yaml` },
    );
  }
  if (patch.ops.length > 0) {
    const ops = yseq(
      patch.ops.map((op) =>
        ymap([
          ["op", jsToTree(op.op)],
          ["path", jsToTree(op.path)],
          ["value", op.value],
        ]),
      ),
    );
    changes.push({ path: `${options.dir}/${options.stem}.ops.yaml`, content: renderYaml(ops) });
    refs.push({ path: `${options.stem}.ops.yaml`, target: gvkTarget });
  }
  return changes;
}

/** A strategic-merge patch must carry the base's apiVersion, kind, name and namespace (kustomize T10). */
function withIdentity(target: PatchTarget, merge: YMap): YMap {
  const metadata = getEntry(target.tree, "metadata");
  const idMeta: (readonly [YScalar, YNode])[] = [];
  for (const key of ["name", "namespace"]) {
    const value = metadata?.kind === "map" ? getEntry(metadata, key) : undefined;
    if (value !== undefined) idMeta.push([jsToTree(key) as YScalar, value]);
  }
  const patchMeta = getEntry(merge, "metadata");
  const metaEntries = [...idMeta, ...(patchMeta?.kind === "map" ? patchMeta.entries : [])];
  const rest = merge.entries.filter(([k]) => k.value !== "metadata" && k.value !== "apiVersion" && k.value !== "kind");
  return {
    kind: "map",
    entries: [
      [jsToTree("apiVersion") as YScalar, getEntry(target.tree, "apiVersion")!],
      [jsToTree("kind") as YScalar, getEntry(target.tree, "kind")!],
      [jsToTree("metadata") as YScalar, { kind: "map", entries: metaEntries }],
      ...rest,
    ],
  };
}
