import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { join } from "node:path";
import { planAppliedModel } from "./_entry-points.ts";
import { kustomizationFiles, type KustomizationFile } from "./_kustomize.ts";
import type { Repository } from "./model.ts";
import type { KustomizeBuild } from "./rule.ts";
import { isEnvironmentFailure } from "./rules/kustomization-build.ts";

export interface KustomizeBuildOptions {
  /** Absolute root of each repository, in the order of `repos`. */
  readonly roots: readonly string[];
  /** The kubectl binary (default "kubectl"). */
  readonly kubectl?: string;
  /** Builds at once (default: the machine's parallelism). */
  readonly concurrency?: number;
  /** A directory for results keyed by the content of every file a build reads; no cache when undefined. */
  readonly cacheDir?: string;
}

/**
 * Builds every kustomization as Flux does (no load restrictor), in parallel, each result cached by the content of
 * the files it reads. In a repository with entry points only the kustomizations they apply are built (an
 * `.archive/` is not); helmCharts ones are left to their own rule.
 */
export async function runKustomizeBuilds(
  repos: readonly Repository[],
  options: KustomizeBuildOptions,
): Promise<KustomizeBuild[]> {
  const applied = planAppliedModel(repos);
  const jobs = repos.flatMap((repo, i) => {
    const reached = applied.reached.get(repo);
    return kustomizationFiles(repo)
      .filter((k) => k.value.helmCharts === undefined && k.value.helmChartInflationGenerator === undefined)
      .filter((k) => !reached || reached.has(k.doc.rel))
      .map((k) => ({ repo, root: options.roots[i]!, k }));
  });
  const results: KustomizeBuild[] = new Array(jobs.length);
  let next = 0;
  const worker = async () => {
    while (next < jobs.length) {
      const i = next++;
      const job = jobs[i]!;
      results[i] = await buildCached(job.repo, job.root, job.k, options);
    }
  };
  const n = Math.max(1, Math.min(options.concurrency ?? availableParallelism(), jobs.length));
  await Promise.all(Array.from({ length: n }, worker));
  return results;
}

async function buildCached(
  repo: Repository,
  root: string,
  k: KustomizationFile,
  options: KustomizeBuildOptions,
): Promise<KustomizeBuild> {
  const key = options.cacheDir ? contentKey(repo, root, k, options.kubectl ?? "kubectl") : undefined;
  const cached = key && options.cacheDir ? readCache(options.cacheDir, key) : undefined;
  const result = cached ?? (await runKubectl(options.kubectl ?? "kubectl", join(root, k.dir), root, repo.label));
  if (key && options.cacheDir && !cached && !isEnvironmentFailure(result.error ?? ""))
    writeCache(options.cacheDir, key, result);
  return { repo: repo.label, file: k.doc.file, ok: result.ok, ...(result.error ? { error: result.error } : {}) };
}

interface BuildResult {
  readonly ok: boolean;
  readonly error?: string;
}

/** The files below the kustomization's directory and every directory its references reach, with their content. */
function contentKey(repo: Repository, root: string, k: KustomizationFile, kubectl: string): string {
  const hash = createHash("sha256").update(`${kubectl}\u0000${k.dir}\u0000`);
  const prefix = k.dir === "" ? "" : `${k.dir}/`;
  for (const rel of [...repo.files].filter((f) => f.startsWith(prefix) || isOutside(k.dir, f)).sort()) {
    hash.update(`${rel}\u0000`);
    try {
      hash.update(readFileSync(join(root, rel)));
    } catch {
      hash.update("\u0001");
    }
  }
  return hash.digest("hex");
}

/** Files outside the directory could be read through `../` references: any change there invalidates too. */
function isOutside(dir: string, rel: string): boolean {
  return dir !== "" && /\.(ya?ml|json|env|properties)$/i.test(rel) && !rel.startsWith(`${dir}/`);
}

function readCache(dir: string, key: string): BuildResult | undefined {
  try {
    return JSON.parse(readFileSync(join(dir, `${key}.json`), "utf8")) as BuildResult;
  } catch {
    return undefined;
  }
}

function writeCache(dir: string, key: string, result: BuildResult): void {
  try {
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, `${key}.json`), JSON.stringify(result));
  } catch {
    // A cache that cannot be written only costs time.
  }
}

function runKubectl(kubectl: string, dir: string, root: string, label: string): Promise<BuildResult> {
  return new Promise((resolve) => {
    const child = spawn(kubectl, ["kustomize", dir, "--load-restrictor", "LoadRestrictionsNone"], {
      stdio: ["ignore", "ignore", "pipe"],
    });
    let stderr = "";
    child.stderr.setEncoding("utf8").on("data", (d: string) => {
      if (stderr.length < 64 * 1024) stderr += d;
    });
    child.on("error", (e) => resolve({ ok: false, error: `cannot run kubectl: ${e.message}` }));
    child.on("close", (code) =>
      resolve(code === 0 ? { ok: true } : { ok: false, error: cleanKustomizeError(stderr.split(root).join(label)) }),
    );
  });
}

/** kubectl logs through klog (`E1123 ... run.go:72] "command failed" err="..."`); keep only the message. */
export function cleanKustomizeError(stderr: string): string {
  const multi = /err=<\n([\s\S]*?)\n\s*>/.exec(stderr); // klog's multi-line form: err=<\n\t…\n >
  if (multi)
    return multi[1]!
      .split("\n")
      .map((l) => l.trim())
      .filter((l) => l !== "")
      .join(" ");
  const lines = stderr
    .trim()
    .split("\n")
    .filter((l) => l.trim().length > 2);
  const line = lines.find((l) => l.startsWith("Error: ")) ?? lines.pop() ?? "";
  const klog = /err="((?:[^"\\]|\\.)*)"/.exec(line);
  const msg = klog ? klog[1]!.replace(/\\(.)/g, "$1") : line.replace(/^Error: /, "");
  return msg.trim();
}
