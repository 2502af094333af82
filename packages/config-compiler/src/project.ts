import type { Diagnostic } from "@infraflux/diagnostics";
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
    for (const issue of result.error.issues) {
      const path = issue.path.map(String).join(".");
      if (issue.code === "unrecognized_keys") {
        const parent = nodeAt(parsed.root, path);
        for (const key of issue.keys) {
          const entry = parent?.kind === "map" ? parent.entries.get(key) : undefined;
          const known = parent?.kind === "map" ? knownKeys(path) : [];
          const s = suggestKey(key, known);
          diagnostics.push({
            code: "unknown-key",
            severity: "error",
            message: `"${path ? `${path}.` : ""}${key}" is not a setting of ${file}.${s ? ` Did you mean "${s}"?` : ""}`,
            file,
            ...(entry ? { span: entry.keyOrigin.span } : {}),
            path: path ? `${path}.${key}` : key,
            hint: `settings here: ${known.join(", ")}`,
          });
        }
        continue;
      }
      const node = nodeAt(parsed.root, path) ?? nodeAt(parsed.root, path.split(".").slice(0, -1).join("."));
      diagnostics.push({
        code: "invalid-project-config",
        severity: "error",
        message: `${path || "(top level)"}: ${issue.message}`,
        file,
        ...(node ? { span: node.origin.span } : {}),
        path,
      });
    }
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

/** The keys the schema allows at a path of the project file (for "did you mean"). */
function knownKeys(path: string): string[] {
  let schema: unknown = projectConfigSchema;
  for (const seg of path === "" ? [] : path.split(".")) {
    schema = unwrap(schema);
    const shape = (schema as { shape?: Record<string, unknown> }).shape;
    if (shape && seg in shape) schema = shape[seg];
    else if ((schema as { element?: unknown }).element) schema = (schema as { element: unknown }).element;
    else return [];
  }
  const shape = (unwrap(schema) as { shape?: Record<string, unknown> }).shape;
  return shape ? Object.keys(shape) : [];
}

function unwrap(schema: unknown): unknown {
  let s = schema as { def?: { innerType?: unknown } };
  while (s.def?.innerType) s = s.def.innerType as typeof s;
  return s;
}
