import type { Diagnostic, SourceSpan } from "@infraflux/diagnostics";
import { zodIssuesToDiagnostics } from "@infraflux/input";
import { parseConfigYaml } from "./parse.ts";
import { suggestKey } from "./shape.ts";
import { projectConfigSchema, type ProjectConfig } from "./schema.ts";
import { nodeAt, toPlain, type ConfigNode, type ListStrategy } from "./tree.ts";

export interface ParsedProject {
  readonly config: ProjectConfig;
  readonly file: string;
  /** The parsed YAML tree, for the positions of settings (undefined when the file is absent). */
  readonly tree: ConfigNode | undefined;
}

export const PROJECT_FILE = "infraflux.config.yaml";

/** Parses and validates `config/infraflux.config.yaml` (absent → all defaults). Pure. */
export function parseProjectConfig(
  text: string | undefined,
  file: string,
): { project: ParsedProject; diagnostics: Diagnostic[] } {
  const fallback = projectConfigSchema.parse({});
  if (text === undefined) return { project: { config: fallback, file, tree: undefined }, diagnostics: [] };
  const parsed = parseConfigYaml(text, file, "project");
  const diagnostics: Diagnostic[] = [...parsed.diagnostics];
  const plain = parsed.root ? toPlain(parsed.root) : {};
  const result = projectConfigSchema.safeParse(plain ?? {});
  if (!result.success) {
    diagnostics.push(
      ...zodIssuesToDiagnostics(result.error.issues, {
        schema: projectConfigSchema,
        file,
        codes: { unknownKey: "unknown-key", invalid: "invalid-project-config" },
        spanOf: (path, { key }) => treeSpan(parsed.root, path, key),
        suggest: suggestKey,
      }),
    );
    return { project: { config: fallback, file, tree: parsed.root }, diagnostics };
  }
  return { project: { config: result.data, file, tree: parsed.root }, diagnostics };
}

/** The declared list strategies as the merge wants them. */
export function listStrategiesOf(config: ProjectConfig): Map<string, ListStrategy> {
  const out = new Map<string, ListStrategy>();
  for (const [path, s] of Object.entries(config.listStrategies))
    out.set(path, typeof s === "string" ? { kind: s } : { kind: "merge-by", key: s.mergeBy });
  return out;
}

/** Span of a setting in the project file, for diagnostics about outputs. */
export function projectSpan(
  project: ParsedProject,
  path: string,
): { file: string; span?: ConfigNode["origin"]["span"] } {
  const node = nodeAt(project.tree, path);
  return node ? { file: project.file, span: node.origin.span } : { file: project.file };
}

/** Span of the entry at a path of the tree (its key when `key` is set); the nearest existing ancestor otherwise. */
function treeSpan(
  root: ConfigNode | undefined,
  path: readonly (string | number)[],
  key: boolean,
): SourceSpan | undefined {
  let node: ConfigNode | undefined = root;
  let span = root?.origin.span;
  for (const segment of path) {
    if (node?.kind === "map") {
      const entry = node.entries.get(String(segment));
      if (!entry) break;
      node = entry.value;
      span = key ? entry.keyOrigin.span : entry.value.origin.span;
    } else if (node?.kind === "list") {
      node = node.items[Number(segment)];
      if (!node) break;
      span = node.origin.span;
    } else break;
  }
  return span;
}
