import type { Matrix } from "../matrix/matrix-types.ts";
import { PathMapper } from "../matrix/plan.ts";

/** Where a source path (file or directory) went. */
export type Placement =
  | { readonly kind: "here"; readonly path: string }
  | { readonly kind: "elsewhere"; readonly target: string; readonly path: string }
  | { readonly kind: "scattered"; readonly targets: readonly string[] }
  | { readonly kind: "dropped" }
  | { readonly kind: "missing" };

/** Knows the source tree at the split point and where each of its paths went. */
export class LayoutIndex {
  readonly #mapper: PathMapper;
  readonly #files: readonly string[];
  readonly #fileSet: ReadonlySet<string>;
  readonly target: string;

  get matrix(): Matrix {
    return this.#mapper.matrix;
  }

  /** `mapper`: the run's path mapper, when there is one (default: a new one over `matrix`). */
  constructor(matrix: Matrix, sourceFiles: readonly string[], target: string, mapper = new PathMapper(matrix)) {
    this.#mapper = mapper;
    this.#files = [...sourceFiles].sort();
    this.#fileSet = new Set(sourceFiles);
    this.target = target;
  }

  #reverse: Map<string, string> | undefined;

  /** Source path of a file of this target (the first source path that lands on it). */
  sourcePathOf(targetPath: string): string | undefined {
    if (!this.#reverse) {
      this.#reverse = new Map();
      for (const f of this.#files) {
        for (const d of this.#destinations(f))
          if (d.target === this.target && !this.#reverse.has(d.path)) this.#reverse.set(d.path, f);
      }
    }
    return this.#reverse.get(targetPath);
  }

  /** Source files at the split point whose path matches (for `.sops.yaml` creation rules). */
  sourceFilesMatching(pattern: RegExp): string[] {
    return this.#files.filter((f) => pattern.test(f));
  }

  /** Where one source file went, in every target. */
  destinationsOf(path: string): { target: string; path: string }[] {
    return this.#destinations(path);
  }

  #destinations(path: string): { target: string; path: string }[] {
    const m = this.#mapper.map(path);
    if (m.kind === "move") return [...m.destinations];
    if (m.kind === "split") return m.cases.map((c) => c.destination);
    return [];
  }

  isFile(sourcePath: string): boolean {
    return this.#fileSet.has(sourcePath);
  }

  place(sourcePath: string): Placement {
    const clean = sourcePath.replace(/\/+$/, "");
    if (this.#fileSet.has(clean)) return this.#placeFiles([[clean, ""]]);
    const prefix = clean === "" ? "" : `${clean}/`;
    const under = this.#files
      .filter((f) => f.startsWith(prefix))
      .map((f) => [f, f.slice(prefix.length)] as [string, string]);
    if (under.length === 0) return { kind: "missing" };
    return this.#placeFiles(under);
  }

  /** Where a set of files (with their path relative to the referenced location) went, as one place. */
  #placeFiles(files: readonly [string, string][]): Placement {
    const here = new Map<string, number>();
    const elsewhere = new Map<string, { target: string; path: string }>();
    let dropped = 0;
    for (const [file, relative] of files) {
      const destinations = this.#destinations(file);
      if (destinations.length === 0) dropped++;
      for (const d of destinations) {
        const base =
          relative === ""
            ? d.path
            : d.path.endsWith(`/${relative}`)
              ? d.path.slice(0, -relative.length - 1)
              : undefined;
        if (base === undefined) continue;
        if (d.target === this.target) here.set(base, (here.get(base) ?? 0) + 1);
        else elsewhere.set(d.target, { target: d.target, path: base });
      }
    }
    if (here.size > 0) {
      const best = [...here.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]!;
      return { kind: "here", path: best[0] };
    }
    if (elsewhere.size === 1) {
      const only = [...elsewhere.values()][0]!;
      return { kind: "elsewhere", target: only.target, path: only.path };
    }
    if (elsewhere.size > 1) return { kind: "scattered", targets: [...elsewhere.keys()] };
    return dropped > 0 ? { kind: "dropped" } : { kind: "missing" };
  }
}
