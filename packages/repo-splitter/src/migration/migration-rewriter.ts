// The extension point of the migration commit: rewrites that belong to another package (the Ansible restructure)
// plug in here, and the CLI composes them. Types only; nothing here imports them back.
import type { LayoutIndex } from "./layout-index.ts";
import type { Matrix } from "../matrix/matrix-types.ts";
import type { PathMapper } from "../matrix/plan.ts";
import type { ReferenceEdit, ReferenceProblem } from "./reference-types.ts";

/** What a rewriter sees of one target at its migration commit. */
export interface MigrationRewriteInput {
  readonly target: string;
  readonly matrix: Matrix;
  /** The run's one path mapper (its cache is shared with the history pass). */
  readonly mapper: PathMapper;
  /** The source tree at the split point and where each of its paths went, for this target. */
  readonly layout: LayoutIndex;
  /** Paths of the source tree at the split point (the default branch's tip). */
  readonly sourceFiles: readonly string[];
  /** The target tree after the move, with the splitter's own reference rewrites applied: path → text of the files `reads` selected. */
  readonly files: ReadonlyMap<string, string>;
}

/** One file the rewriter writes; `content: null` deletes it. */
export interface MigrationFileChange {
  readonly path: string;
  readonly content: string | null;
}

export interface MigrationRewrite {
  readonly changes: readonly MigrationFileChange[];
  readonly edits: readonly ReferenceEdit[];
  readonly problems: readonly ReferenceProblem[];
  /** Directories that moved as units (Ansible roles), old → new, for the report. */
  readonly movedDirectories: readonly { readonly from: string; readonly to: string }[];
}

/** A rewrite the migration commit runs after its own, over the same target tree. */
export interface MigrationRewriter {
  /** Cheap test on the source tree's paths: whether there can be anything to do. */
  readonly appliesTo: (sourceFiles: readonly string[]) => boolean;
  /** Which of the target's files the rewriter reads (they arrive in `files`). */
  readonly reads: (path: string) => boolean;
  /** The rewrite, or undefined when the tree turns out to hold nothing for it. Pure. */
  readonly plan: (input: MigrationRewriteInput) => MigrationRewrite | undefined;
}
