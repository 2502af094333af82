import type { Diagnostic, SourceSpan } from "@infraflux/diagnostics";

/** One YAML document with its source positions. */
export interface YamlDoc {
  /** Display path of the file: the repository label joined with the repository-relative path. */
  readonly file: string;
  /** Path relative to the repository root, with `/` separators. */
  readonly rel: string;
  readonly index: number;
  readonly value: unknown;
  /** First and last line of the document in its file. */
  readonly lines: { readonly start: number; readonly end: number };
  readonly spanOf: (path: readonly (string | number)[], key?: boolean) => SourceSpan;
}

/** A document that has a string `apiVersion` and `kind`. */
export interface K8sObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string;
  readonly namespace?: string;
  readonly value: Readonly<Record<string, unknown>>;
  readonly doc: YamlDoc;
  /**
   * Set on objects no file holds but a controller creates from one that does (a FluxInstance's `flux-system`
   * source and Kustomization, an ArtifactGenerator's ExternalArtifacts); `doc` is the creator's document.
   */
  readonly generatedBy?: K8sObject;
}

/** A Terraform file (`.tf`, `.tfvars`, `.tfvars.json`) parsed to JSON by hcl2json, with its text for positions. */
export interface TerraformFile {
  readonly file: string;
  readonly rel: string;
  readonly text: string;
  readonly json: Readonly<Record<string, unknown>>;
}

/** A suppression written in the repository itself: it covers findings of `rule` on lines `from`–`to` of `rel`. */
export interface InlineSuppression {
  readonly rel: string;
  readonly rule: string;
  readonly reason: string;
  readonly from: number;
  readonly to: number;
  readonly source: "comment" | "annotation";
}

export type RepositoryRole = "infrastructure" | "platform" | "unknown";

/** A loaded repository: every file path, every parsed document and object, and the problems loading found. */
export interface Repository {
  /** How the user named the directory; prefixes every reported file. */
  readonly label: string;
  readonly role: RepositoryRole;
  /** The repository's own URL (`--repo-url`, else the git remote `origin`), normalised; undefined when unknown. */
  readonly url?: string;
  /** Repository-relative paths of every regular file (symlinks to files inside the tree included). */
  readonly files: ReadonlySet<string>;
  /** Repository-relative paths of every directory, "" being the root. */
  readonly dirs: ReadonlySet<string>;
  readonly docs: readonly YamlDoc[];
  readonly objects: readonly K8sObject[];
  readonly terraform: readonly TerraformFile[];
  /**
   * Files that are templates, not Kubernetes YAML (Helm chart templates, Jinja/makejinja `*.j2`, Go templates, YAML
   * files with template markers that only parse once rendered): never validated, counted in the summary.
   */
  readonly templateFiles: readonly string[];
  /** `# infraflux-ignore:` comments and `validate.infraflux.io/ignore` annotations, with the lines they cover. */
  readonly suppressions: readonly InlineSuppression[];
  /** `.gitignore` patterns by directory ("" the root): files they match are generated, never committed. */
  readonly gitignores: ReadonlyMap<string, readonly string[]>;
  readonly loadDiagnostics: readonly Diagnostic[];
}

export function displayPath(label: string, rel: string): string {
  if (label === "" || label === ".") return rel;
  return `${label.replace(/\/+$/, "")}/${rel}`;
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

export function toK8sObject(doc: YamlDoc): K8sObject | undefined {
  const v = doc.value;
  if (!isRecord(v) || typeof v.apiVersion !== "string" || typeof v.kind !== "string") return undefined;
  const meta = isRecord(v.metadata) ? v.metadata : {};
  return {
    apiVersion: v.apiVersion,
    kind: v.kind,
    name: typeof meta.name === "string" ? meta.name : "",
    ...(typeof meta.namespace === "string" ? { namespace: meta.namespace } : {}),
    value: v,
    doc,
  };
}

export function apiGroup(apiVersion: string): string {
  const i = apiVersion.lastIndexOf("/");
  return i < 0 ? "" : apiVersion.slice(0, i);
}

/** Normalises a git URL so `git@host:org/r.git`, `https://host/org/r` and `ssh://git@host/org/r/` compare equal. */
export function normalizeRepoUrl(url: string): string {
  let u = url.trim();
  const scp = /^[\w.-]+@([^:/]+):(.+)$/.exec(u);
  if (scp) u = `${scp[1]}/${scp[2]}`;
  u = u.replace(/^[a-z+]+:\/\//i, "").replace(/^[^@/]+@/, "");
  u = u.replace(/\/+$/, "").replace(/\.git$/, "");
  const slash = u.indexOf("/");
  return slash < 0 ? u.toLowerCase() : u.slice(0, slash).toLowerCase() + u.slice(slash);
}

/** Joins and normalises repository-relative paths; returns undefined when the result leaves the repository. */
export function resolveRel(baseDir: string, ref: string): string | undefined {
  const parts = baseDir === "" ? [] : baseDir.split("/");
  for (const seg of ref.split("/")) {
    if (seg === "" || seg === ".") continue;
    if (seg === "..") {
      if (parts.length === 0) return undefined;
      parts.pop();
    } else parts.push(seg);
  }
  return parts.join("/");
}

/** True when a `.gitignore` at or above the file's directory matches it (a generated file, e.g. by a CMP). */
export function isGitIgnored(repo: Repository, rel: string): boolean {
  for (let dir = dirOf(rel); ; dir = dirOf(dir)) {
    const rest = dir === "" ? rel : rel.slice(dir.length + 1);
    for (const p of repo.gitignores.get(dir) ?? []) if (ignoreMatches(p, rest)) return true;
    if (dir === "") return false;
  }
}

function ignoreMatches(pattern: string, rest: string): boolean {
  const anchored = pattern.startsWith("/") || pattern.slice(0, -1).includes("/");
  const p = pattern.replace(/^\//, "").replace(/\/$/, "");
  const re = new RegExp(
    `^${p
      .replace(/[.+^${}()|[\]\\]/g, "\\$&")
      .replace(/\*\*/g, "\u0000")
      .replace(/\*/g, "[^/]*")
      .replace(/\?/g, "[^/]")
      .replace(/\u0000/g, ".*")}(/.*)?$`,
  );
  if (anchored) return re.test(rest);
  return rest.split("/").some((_, i, parts) => re.test(parts.slice(i).join("/")));
}

export function dirOf(rel: string): string {
  const i = rel.lastIndexOf("/");
  return i < 0 ? "" : rel.slice(0, i);
}
