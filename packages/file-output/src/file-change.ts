/** One generated file, relative to an output root. Libraries return lists of these; the CLI edge applies them. */
export interface FileChange<Content extends string | Uint8Array = string | Uint8Array> {
  /** Relative to the output root, `/`-separated, never `..` or absolute. */
  readonly path: string;
  /** Text is written as UTF-8; a library whose files are all text narrows this to `FileChange<string>`. */
  readonly content: Content;
  /** File mode (e.g. 0o755) when it matters; otherwise the default for new files. */
  readonly mode?: number;
}

/** write: apply the changes · check: compare with disk, write nothing · dry-run: say what would change. */
export type OutputMode = "write" | "check" | "dry-run";

/** A generated file that differs from disk, with a unified diff from disk to the generated content. */
export interface FileDrift {
  readonly path: string;
  /** `stale`: listed in the manifest of an earlier run, no longer generated. */
  readonly status: "missing" | "changed" | "stale";
  readonly diff: string;
}

/** What the output root holds now: the current content of each generated path, and the earlier manifest. */
export interface OutputState {
  /** Current content of a path under the root; undefined when absent. */
  readonly contentOf: (path: string) => Uint8Array | undefined;
  /** Current file mode of a path (permission bits), undefined when absent. */
  readonly modeOf: (path: string) => number | undefined;
  /** Paths the manifest of the previous run lists (empty without a manifest). */
  readonly previouslyGenerated: readonly string[];
}

/** What applying the changes does: pure data, decided before anything is written. */
export interface OutputPlan {
  /** Every generated path, in the order of the changes. */
  readonly files: readonly string[];
  /** Changes whose content (or mode) differs from disk, or that do not exist yet. */
  readonly pending: readonly FileChange[];
  readonly unchanged: readonly string[];
  /** Files an earlier run generated (per the manifest) that this run no longer does and that still exist. */
  readonly stale: readonly string[];
  /** The new manifest, when one is kept. */
  readonly manifest: FileChange | undefined;
}

/** The outcome of applying a list of changes to an output root. */
export interface OutputResult {
  readonly mode: OutputMode;
  readonly outDir: string;
  readonly files: readonly string[];
  /** write: files written; dry-run: files that would be written; check: none. */
  readonly written: readonly string[];
  readonly unchanged: readonly string[];
  /** write: stale files removed; dry-run: stale files that would be removed; check: none. */
  readonly removed: readonly string[];
  /** check: missing, changed and stale files with their diffs; otherwise none. */
  readonly drift: readonly FileDrift[];
}
