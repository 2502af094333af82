// Reference rewriting types, shared by rewrite-refs.ts, rewrite-sops.ts and _yaml-edit.ts (nothing here imports them back).
import type { LayoutIndex } from "./layout-index.ts";
import type { Matrix } from "../matrix/matrix-types.ts";

export type ReferenceKind =
  | "kustomize"
  | "argocd"
  | "flux"
  | "terraform"
  | "sops"
  | "ansible"
  | "gitmodules"
  | "symlink"
  | "gitattributes";

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

/** What a reference rewrite needs to know about the target layout. */
export interface ReferenceRewriteContext {
  readonly layout: LayoutIndex;
  readonly matrix: Matrix;
  /** The target tree's files by directory, when known: lets a reference to a lone file become a directory reference. */
  readonly filesByDirectory?: ReadonlyMap<string, readonly string[]>;
  /** Collects kustomization.yaml files generated for such directory references (path → content). */
  readonly generated?: Map<string, string>;
}

export interface FileRewrite {
  readonly text: string;
  readonly edits: ReferenceEdit[];
  readonly problems: ReferenceProblem[];
}
