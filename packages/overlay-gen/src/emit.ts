import type { FileChange as OutputFileChange } from "@infraflux/file-output";
import { jsToTree, renderYaml, type YNode } from "./yaml-tree.ts";

/** One file to write, relative to the output directory (always text here). The CLI applies the list with file-output. */
export type FileChange = OutputFileChange<string>;

export interface KustomizationPatchRef {
  readonly path: string;
  readonly target?: {
    readonly group?: string;
    readonly version: string;
    readonly kind: string;
    readonly name: string;
    readonly namespace?: string;
  };
}

/** A kustomize `Kustomization` (kustomize.config.k8s.io/v1beta1): resources and `patches:` only. */
export function renderKustomization(
  resources: readonly string[],
  patches: readonly KustomizationPatchRef[] = [],
): string {
  const doc: Record<string, unknown> = {
    apiVersion: "kustomize.config.k8s.io/v1beta1",
    kind: "Kustomization",
    resources: [...resources],
  };
  if (patches.length > 0) {
    doc.patches = patches.map((p) => (p.target ? { path: p.path, target: dropUndefined(p.target) } : { path: p.path }));
  }
  return renderYaml(jsToTree(doc));
}

function dropUndefined(value: object): Record<string, unknown> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined));
}

export function renderObject(value: unknown): string {
  return renderYaml(jsToTree(value));
}

export function renderTree(tree: YNode): string {
  return renderYaml(tree);
}

/** Sorted by path, so output is deterministic regardless of construction order. */
export function sortChanges(changes: readonly FileChange[]): FileChange[] {
  return [...changes].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

export function countLines(text: string): number {
  if (text === "") return 0;
  return text.split("\n").length - (text.endsWith("\n") ? 1 : 0);
}
