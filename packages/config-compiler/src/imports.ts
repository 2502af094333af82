import { closestMatch, type Diagnostic } from "@infraflux/diagnostics";
import { globToRegExp } from "@infraflux/input";
import type { ConfigLayer, ConfigNode, MapNode, Origin } from "./tree.ts";

/** The key a layer file names its imports under; it is a directive, never data. */
export const IMPORT_KEY = "import";

/** What expanding imports needs from the compile session. */
export interface ImportContext {
  readonly configDir: string;
  /** Every file of the compile input (repository-relative keys). */
  readonly files: ReadonlySet<string>;
  /** Parses a file whose origins carry `label` as their layer (cached by the caller). */
  readonly parse: (file: string, label: string) => MapNode | undefined;
  /** Adds diagnostics once per key. */
  readonly report: (key: string, list: readonly Diagnostic[]) => void;
}

/**
 * The layers a file stands for: the files its `import:` names (each with its own imports first, depth first, in the
 * order written; a file already included is not merged again), then the file's own content without `import:`.
 * Imported layers keep the importing file's layer name and name the file that imported them.
 */
export function expandImports(file: string, layer: string, ctx: ImportContext): ConfigLayer[] {
  const out: ConfigLayer[] = [];
  expandInto(out, new Set(), [file], layer, undefined, ctx);
  return out;
}

function expandInto(
  out: ConfigLayer[],
  included: Set<string>,
  chain: readonly string[],
  layer: string,
  importedBy: string | undefined,
  ctx: ImportContext,
): void {
  const file = chain[chain.length - 1]!;
  included.add(file);
  const root = ctx.parse(file, importedBy === undefined ? layer : `${layer}, imported by ${importedBy}`);
  const entry = root?.entries.get(IMPORT_KEY);
  if (root && entry) {
    for (const target of resolveImports(file, entry.value, ctx)) {
      if (chain.includes(target.file)) {
        ctx.report(`import-cycle:${[...chain, target.file].join(">")}`, [cycleDiagnostic(file, target, chain)]);
        continue;
      }
      if (included.has(target.file)) continue;
      expandInto(out, included, [...chain, target.file], layer, file, ctx);
    }
  }
  const own = root && entry ? withoutImport(root) : root;
  out.push({ layer, file, root: own, ...(importedBy === undefined ? {} : { importedBy }) });
}

interface ImportTarget {
  readonly file: string;
  readonly origin: Origin;
}

/** The files an `import:` value names, in order; every problem is a located diagnostic. */
function resolveImports(file: string, value: ConfigNode, ctx: ImportContext): ImportTarget[] {
  const problems: Diagnostic[] = [];
  const problem = (origin: Origin, code: string, message: string, hint?: string) =>
    problems.push({
      code,
      severity: "error",
      message,
      file,
      span: origin.span,
      path: IMPORT_KEY,
      ...(hint ? { hint } : {}),
    });
  const targets: ImportTarget[] = [];
  if (value.kind !== "list") {
    problem(
      value.origin,
      "invalid-import",
      `"${IMPORT_KEY}" must be a list of files or globs under ${ctx.configDir}/, found ${value.kind}`,
      `write it as ${IMPORT_KEY}: [mixins/region/eu-west-1.yaml, catalog/*.yaml]`,
    );
  } else {
    for (const item of value.items) {
      if (item.kind !== "scalar" || typeof item.value !== "string" || item.value === "") {
        problem(
          item.origin,
          "invalid-import",
          `each ${IMPORT_KEY} entry must be a file or glob under ${ctx.configDir}/`,
        );
        continue;
      }
      const found = matchImport(item.value, ctx);
      if (typeof found === "string") problem(item.origin, "import-not-found", found);
      else for (const f of found) targets.push({ file: f, origin: item.origin });
    }
  }
  ctx.report(`import:${file}`, problems);
  return targets;
}

/** The files an entry names (sorted for a glob), or why it names none. */
function matchImport(entry: string, ctx: ImportContext): string[] | string {
  if (entry.startsWith("/") || entry.split("/").some((s) => s === ".." || s === "."))
    return `import "${entry}" must be a path under ${ctx.configDir}/ without "..", "." or a leading "/"`;
  const prefix = `${ctx.configDir}/`;
  const layerFiles = [...ctx.files].filter((f) => f.startsWith(prefix) && /\.ya?ml$/.test(f));
  if (/[*?]/.test(entry)) {
    const pattern = globToRegExp(`${prefix}${entry}`);
    const matched = layerFiles.filter((f) => pattern.test(f)).sort();
    return matched.length > 0 ? matched : `import "${entry}" matches no YAML file under ${prefix}`;
  }
  const candidates = /\.ya?ml$/.test(entry) ? [entry] : [entry, `${entry}.yaml`, `${entry}.yml`];
  const hit = candidates.map((c) => `${prefix}${c}`).find((f) => ctx.files.has(f));
  if (hit) return [hit];
  const guess = closestMatch(`${prefix}${entry}`, layerFiles);
  return `import "${entry}" names no file: there is no ${prefix}${candidates[candidates.length > 1 ? 1 : 0]}.${guess ? ` Did you mean "${guess.slice(prefix.length)}"?` : ""}`;
}

function cycleDiagnostic(file: string, target: ImportTarget, chain: readonly string[]): Diagnostic {
  const from = chain.indexOf(target.file);
  return {
    code: "import-cycle",
    severity: "error",
    message: `import cycle: ${[...chain.slice(from), target.file].join(" → ")}`,
    file,
    span: target.origin.span,
    path: IMPORT_KEY,
    hint: "remove one of these imports; a file cannot (indirectly) import itself",
  };
}

function withoutImport(root: MapNode): MapNode {
  const entries = new Map(root.entries);
  entries.delete(IMPORT_KEY);
  return { ...root, entries };
}
