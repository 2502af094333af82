import { fail, type Diagnostic, type Result } from "@infraflux/diagnostics";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { basename, join, relative, resolve, sep } from "node:path";
import { planExtraction, type ClusterInput, type ExtractPlan } from "./extract-base.ts";

export interface ExtractOptions {
  /** Cluster directories, as the user typed them. */
  readonly dirs: readonly string[];
  /** Directory the paths are relative to (the CLI passes its cwd). */
  readonly cwd: string;
}

/** Reads every cluster directory (IO), then plans the base and overlays (pure). */
export function extractOverlays(options: ExtractOptions): Result<ExtractPlan> {
  const diagnostics: Diagnostic[] = [];
  const clusters: ClusterInput[] = [];
  for (const dir of options.dirs) {
    const abs = resolve(options.cwd, dir);
    let isDir = false;
    try {
      isDir = statSync(abs).isDirectory();
    } catch {
      isDir = false;
    }
    if (!isDir) {
      diagnostics.push({
        code: "not-a-directory",
        severity: "error",
        file: dir,
        message: `cluster directory "${dir}" does not exist or is not a directory`,
      });
      continue;
    }
    const cluster = readClusterDir(abs, dir.replace(/\/+$/, ""));
    if (cluster.files.length === 0)
      diagnostics.push({
        code: "no-yaml-files",
        severity: "error",
        file: dir,
        message: `cluster directory "${dir}" holds no YAML files: there is nothing to share`,
        hint: "name directories holding the cluster's manifests (*.yaml, *.yml)",
      });
    else clusters.push(cluster);
  }
  if (diagnostics.length === 0 && clusters.length < 2)
    diagnostics.push({
      code: "nothing-to-share",
      severity: "error",
      ...(options.dirs[0] === undefined ? {} : { file: options.dirs[0] }),
      message: `extraction needs two or more cluster directories to find what they share; got ${clusters.length}`,
      hint: "name every cluster directory that holds a copy of the manifests",
    });
  if (diagnostics.length > 0) return fail(diagnostics);
  return planExtraction(clusters);
}

/** Reads one directory's YAML files (recursively, sorted) without interpreting them. */
export function readClusterDir(abs: string, display: string): ClusterInput {
  const files = readdirSync(abs, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && (/\.ya?ml$/.test(e.name) || e.name === "Kustomization"))
    .map((e) => relative(abs, join(e.parentPath, e.name)).split(sep).join("/"))
    .sort()
    .map((path) => ({ path, text: readFileSync(join(abs, path), "utf8") }));
  return { name: basename(abs), dir: display, files };
}
