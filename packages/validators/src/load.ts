import type { Diagnostic } from "@infraflux/diagnostics";
import { type Dirent, readdirSync, readFileSync, realpathSync, statSync } from "node:fs";
import { basename, isAbsolute, join, relative, sep } from "node:path";
import { assembleRepository, isGitignorePath, isTerraformPath, isYamlPath } from "./assemble.ts";
import { displayPath, type Repository, type RepositoryRole } from "./model.ts";

export interface ReadRepositoryOptions {
  /** Absolute path of the repository root. */
  readonly root: string;
  /** How the user named it; prefixes reported paths. */
  readonly label: string;
  readonly role: RepositoryRole;
  /** Overrides the git remote `origin` as the repository's own URL. */
  readonly repoUrl?: string;
  /** Files larger than this are reported and skipped. Default 20 MiB. */
  readonly maxFileBytes?: number;
}

const SKIP_DIRS = new Set([".git", "node_modules", ".terraform"]);

/** Reads a repository tree: every file path, every YAML document with positions, every Terraform file as JSON. */
export async function readRepository(options: ReadRepositoryOptions): Promise<Repository> {
  const { root, label } = options;
  const maxBytes = options.maxFileBytes ?? 20 * 1024 * 1024;
  const files = new Set<string>();
  const dirs = new Set<string>([""]);
  const diagnostics: Diagnostic[] = [];
  const rootReal = realpathSync(root);
  walk(root, "", rootReal, files, dirs, diagnostics, label);

  const texts = new Map<string, string>();
  for (const rel of [...files].sort()) {
    if (!isYamlPath(rel) && !isTerraformPath(rel) && !isGitignorePath(rel)) continue;
    const text = readText(join(root, rel), displayPath(label, rel), maxBytes, diagnostics);
    if (text !== undefined) texts.set(rel, text);
  }
  const url = options.repoUrl ?? readOriginUrl(root);
  return assembleRepository({ label, role: options.role, ...(url ? { url } : {}), files, dirs, texts, diagnostics });
}

/** One file as a repository of its own (`infraflux validate FILE.yaml`): the label is the file's directory. */
export async function readFileRepository(options: {
  readonly file: string;
  readonly label: string;
  readonly role: RepositoryRole;
  readonly maxFileBytes?: number;
}): Promise<Repository> {
  const name = basename(options.file);
  const diagnostics: Diagnostic[] = [];
  const text = readText(
    options.file,
    displayPath(options.label, name),
    options.maxFileBytes ?? 20 * 1024 * 1024,
    diagnostics,
  );
  const texts = new Map(text === undefined ? [] : [[name, text] as const]);
  return assembleRepository({ label: options.label, role: options.role, files: new Set([name]), texts, diagnostics });
}

function walk(
  abs: string,
  rel: string,
  rootReal: string,
  files: Set<string>,
  dirs: Set<string>,
  diagnostics: Diagnostic[],
  label: string,
): void {
  let entries: Dirent[];
  try {
    entries = readdirSync(abs, { withFileTypes: true });
  } catch (error) {
    diagnostics.push({
      code: "file-unreadable",
      severity: "error",
      file: displayPath(label, rel || "."),
      message: `cannot list directory: ${(error as Error).message}`,
    });
    return;
  }
  for (const e of entries) {
    const childRel = rel === "" ? e.name : `${rel}/${e.name}`;
    const childAbs = join(abs, e.name);
    if (e.isDirectory()) {
      if (SKIP_DIRS.has(e.name)) continue;
      dirs.add(childRel);
      walk(childAbs, childRel, rootReal, files, dirs, diagnostics, label);
    } else if (e.isFile()) {
      files.add(childRel);
    } else if (e.isSymbolicLink()) {
      let target: string;
      try {
        target = realpathSync(childAbs);
      } catch {
        diagnostics.push({
          code: "symlink-outside-tree",
          severity: "warning",
          file: displayPath(label, childRel),
          span: { line: 1, column: 1 },
          message: "symbolic link is dangling; it was not read",
        });
        continue;
      }
      const inside = relative(rootReal, target);
      if (inside === ".." || inside.startsWith(`..${sep}`) || isAbsolute(inside)) {
        diagnostics.push({
          code: "symlink-outside-tree",
          severity: "warning",
          file: displayPath(label, childRel),
          span: { line: 1, column: 1 },
          message:
            "symbolic link points outside the repository; it was not read (Flux and Argo CD only see files inside the repository)",
          hint: "Copy the target into the repository or reference it by a path inside the tree.",
        });
        continue;
      }
      // Inside the tree: files are read through the link, directories are listed (not recursed, to avoid loops).
      if (statSync(target).isDirectory()) dirs.add(childRel);
      else files.add(childRel);
    }
  }
}

function readText(abs: string, file: string, maxBytes: number, diagnostics: Diagnostic[]): string | undefined {
  let buf: Buffer;
  try {
    const size = statSync(abs).size;
    if (size > maxBytes) {
      diagnostics.push({
        code: "file-unreadable",
        severity: "warning",
        file,
        message: `file is ${size} bytes, above the ${maxBytes}-byte limit; it was not validated`,
      });
      return undefined;
    }
    buf = readFileSync(abs);
  } catch (error) {
    diagnostics.push({
      code: "file-unreadable",
      severity: "error",
      file,
      message: `cannot read file: ${(error as Error).message}`,
    });
    return undefined;
  }
  if (buf.subarray(0, 8000).includes(0)) {
    diagnostics.push({
      code: "file-unreadable",
      severity: "error",
      file,
      span: { line: 1, column: 1 },
      message: "file looks binary (it contains NUL bytes) but has a YAML/Terraform name; it was not validated",
    });
    return undefined;
  }
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(buf).replace(/^\uFEFF/, "");
  } catch {
    const offset = firstInvalidUtf8(buf);
    const before = buf.subarray(0, offset).toString("latin1");
    const line = before.split("\n").length;
    const column = offset - before.lastIndexOf("\n");
    diagnostics.push({
      code: "file-unreadable",
      severity: "error",
      file,
      span: { line, column },
      message: "file is not valid UTF-8; it was not validated",
      hint: "Re-encode the file as UTF-8 (Kubernetes, Flux and Terraform all require it).",
    });
    return undefined;
  }
}

/** Offset of the first byte that does not start or continue a valid UTF-8 sequence. */
function firstInvalidUtf8(buf: Buffer): number {
  let i = 0;
  while (i < buf.length) {
    const b = buf[i]!;
    const len = b < 0x80 ? 1 : b >= 0xc2 && b < 0xe0 ? 2 : b >= 0xe0 && b < 0xf0 ? 3 : b >= 0xf0 && b < 0xf5 ? 4 : 0;
    if (len === 0) return i;
    for (let k = 1; k < len; k++) {
      const c = buf[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
    }
    i += len;
  }
  return i;
}

/** The URL of the git remote `origin`, read from `.git/config` without running git. */
export function readOriginUrl(root: string): string | undefined {
  let text: string;
  try {
    text = readFileSync(join(root, ".git", "config"), "utf8");
  } catch {
    return undefined;
  }
  const section = /\[remote "origin"\]([^[]*)/.exec(text);
  return section ? /^\s*url\s*=\s*(.+?)\s*$/m.exec(section[1] ?? "")?.[1] : undefined;
}
