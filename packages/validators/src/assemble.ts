import type { Diagnostic } from "@infraflux/diagnostics";
import { parse as parseHcl } from "@cdktf/hcl2json";
import { parseYamlFile } from "./_yaml.ts";
import { planInlineSuppressions } from "./_suppressions.ts";
import {
  displayPath,
  normalizeRepoUrl,
  toK8sObject,
  type K8sObject,
  type Repository,
  type RepositoryRole,
  type InlineSuppression,
  type TerraformFile,
  type YamlDoc,
} from "./model.ts";

export function isYamlPath(rel: string): boolean {
  return /\.ya?ml$/i.test(rel) || /(^|\/)Kustomization$/.test(rel);
}

export function isGitignorePath(rel: string): boolean {
  return /(^|\/)\.gitignore$/.test(rel);
}

/** Template files by name: Jinja (Ansible, makejinja), Go templates, Helm helpers. */
export function isTemplatePath(rel: string): boolean {
  return /\.(j2|jinja2?|gotmpl|tmpl|tpl)$/i.test(rel);
}

const TEMPLATE_MARKERS = /\{\{|\{%|\{#/;

export function isTerraformPath(rel: string): boolean {
  return /\.tf$/.test(rel) || /\.tfvars(\.json)?$/.test(rel);
}

export interface RepositorySource {
  readonly label: string;
  readonly role: RepositoryRole;
  readonly url?: string;
  readonly files: ReadonlySet<string>;
  /** Directories; parents of files are added. */
  readonly dirs?: ReadonlySet<string>;
  /** Text of every YAML and Terraform file that could be read. */
  readonly texts: ReadonlyMap<string, string>;
  /** Problems found while reading. */
  readonly diagnostics?: readonly Diagnostic[];
}

/**
 * Parses file texts into a Repository: YAML documents with positions, Kubernetes objects, Terraform as JSON.
 * No file system access (HCL parsing runs in WebAssembly, hence async); tests build repositories from literals.
 */
export async function assembleRepository(src: RepositorySource): Promise<Repository> {
  const diagnostics: Diagnostic[] = [...(src.diagnostics ?? [])];
  const dirs = new Set<string>(src.dirs ?? []);
  dirs.add("");
  for (const f of src.files) {
    const parts = f.split("/");
    for (let i = 1; i < parts.length; i++) dirs.add(parts.slice(0, i).join("/"));
  }
  const docs: YamlDoc[] = [];
  const objects: K8sObject[] = [];
  const terraform: TerraformFile[] = [];
  const templateFiles = [...src.files].filter(isTemplatePath);
  const chartTemplates = [...src.files]
    .filter((f) => /(^|\/)Chart\.yaml$/.test(f))
    .map((f) => `${f.slice(0, -"Chart.yaml".length)}templates/`);
  const gitignores = new Map<string, string[]>();
  const suppressions: InlineSuppression[] = [];
  for (const [rel, text] of [...src.texts].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const file = displayPath(src.label, rel);
    if (isGitignorePath(rel)) {
      gitignores.set(rel.slice(0, -".gitignore".length).replace(/\/$/, ""), gitignorePatterns(text));
      continue;
    }
    // Helm chart templates are Go templates, not YAML; the chart is rendered by Helm (or a HelmRelease), not here.
    if (chartTemplates.some((t) => rel.startsWith(t))) {
      templateFiles.push(rel);
      continue;
    }
    if (isYamlPath(rel)) {
      const parsed = parseYamlFile(file, text);
      if (isYamlTemplate(rel, text, parsed.diagnostics.length > 0)) {
        templateFiles.push(rel);
        continue;
      }
      diagnostics.push(...parsed.diagnostics);
      suppressions.push(...planInlineSuppressions(rel, text, parsed.docs));
      for (const d of parsed.docs) {
        const doc: YamlDoc = { file, rel, index: d.index, value: d.value, lines: d.lines, spanOf: d.spanOf };
        docs.push(doc);
        const obj = toK8sObject(doc);
        if (obj) objects.push(obj);
      }
    } else if (isTerraformPath(rel)) {
      const parsed = await parseTerraform(file, rel, text);
      if ("json" in parsed) terraform.push(parsed);
      else diagnostics.push(parsed);
    }
  }
  return {
    label: src.label,
    role: src.role,
    ...(src.url ? { url: normalizeRepoUrl(src.url) } : {}),
    files: src.files,
    dirs,
    docs,
    objects,
    terraform,
    templateFiles: [...new Set(templateFiles)].sort(),
    gitignores,
    suppressions,
    loadDiagnostics: diagnostics,
  };
}

function gitignorePatterns(text: string): string[] {
  return text
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l !== "" && !l.startsWith("#") && !l.startsWith("!"));
}

/**
 * A YAML-named file that is a template (Ansible/Jinja `templates/`, makejinja, Go templates): it has template markers
 * and either lives in a `templates/` directory or only parses once rendered. Argo CD ApplicationSet `{{path}}` values
 * in a file that parses stay YAML.
 */
function isYamlTemplate(rel: string, text: string, parseFailed: boolean): boolean {
  if (!TEMPLATE_MARKERS.test(text)) return false;
  return parseFailed || /(^|\/)templates\//.test(rel);
}

async function parseTerraform(file: string, rel: string, text: string): Promise<TerraformFile | Diagnostic> {
  if (rel.endsWith(".json")) {
    try {
      return { file, rel, text, json: JSON.parse(text) as Record<string, unknown> };
    } catch (error) {
      return {
        code: "terraform-syntax",
        severity: "error",
        file,
        span: { line: 1, column: 1 },
        message: `cannot parse JSON: ${(error as Error).message}`,
      };
    }
  }
  try {
    const json = (await parseHcl(rel.split("/").pop() ?? rel, text)) as Record<string, unknown>;
    return { file, rel, text, json };
  } catch (error) {
    const msg = error instanceof Error ? error.message : String(error);
    const m = /:(\d+),(\d+)(?:-[\d,]+)?: ([^\]]*)/.exec(msg);
    return {
      code: "terraform-syntax",
      severity: "error",
      file,
      span: m ? { line: Number(m[1]), column: Number(m[2]) } : { line: 1, column: 1 },
      message: `cannot parse HCL: ${m?.[3] ?? msg.split("\n")[0]}`,
    };
  }
}
