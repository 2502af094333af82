import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { join, relative } from "node:path";
import { planAppliedModel, renderDirectory } from "./_entry-points.ts";
import { kustomizationFiles, kustomizeRefs, type KustomizationFile } from "./_kustomize.ts";
import { isGitIgnored, resolveRel, type Repository } from "./model.ts";
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
 * the files it reads. In a repository with entry points only the directories a Flux Kustomization renders are
 * built (nested kustomizations are built as part of them; an `.archive/` is not); helmCharts ones are left to
 * their own rule.
 */
export async function runKustomizeBuilds(
  repos: readonly Repository[],
  options: KustomizeBuildOptions,
): Promise<KustomizeBuild[]> {
  const applied = planAppliedModel(repos);
  const jobs = repos.flatMap((repo, i) => {
    const reached = applied.reached.get(repo);
    const roots = applied.renderRoots.get(repo);
    return kustomizationFiles(repo)
      .filter((k) => k.value.helmCharts === undefined && k.value.helmChartInflationGenerator === undefined)
      .filter((k) => !listsGeneratedFile(repo, k))
      .filter((k) => !reached || (reached.has(k.doc.rel) && (roots?.has(k.dir) ?? true)))
      .map((k) => ({ repo, root: options.roots[i]!, k }));
  });
  const kubectl = options.kubectl ?? "kubectl";
  const keys = jobs.map((j) => (options.cacheDir ? contentKey(j.repo, j.root, j.k, kubectl) : undefined));
  const results: (BuildResult | undefined)[] = jobs.map((_, i) =>
    keys[i] && options.cacheDir ? readCache(options.cacheDir, keys[i]) : undefined,
  );
  // Uncached builds go in batches (one kubectl for many directories: the process start-up dominates); a batch that
  // fails is built again one directory at a time, so each failure lands on its own kustomization.
  const todo = jobs.flatMap((j, i) => (results[i] ? [] : [{ ...j, index: i }]));
  const batches: (typeof todo)[] = [];
  for (let i = 0; i < todo.length; i += BATCH) batches.push(todo.slice(i, i + BATCH));
  await runPool(batches, options.concurrency ?? availableParallelism(), async (batch) => {
    const together =
      batch.length > 1
        ? await runKubectlBatch(
            kubectl,
            batch.map((j) => join(j.root, j.k.dir)),
          )
        : undefined;
    for (const j of batch) {
      const r = together?.ok ? together : await runKubectl(kubectl, join(j.root, j.k.dir), j.root, j.repo.label);
      results[j.index] = r;
      const key = keys[j.index];
      if (key && options.cacheDir && !isEnvironmentFailure(r.error ?? "")) writeCache(options.cacheDir, key, r);
    }
  });
  return jobs.map((j, i) => {
    const r = results[i]!;
    return { repo: j.repo.label, file: j.k.doc.file, ok: r.ok, ...(r.error ? { error: r.error } : {}) };
  });
}

const BATCH = 25;

/** A kustomization that lists a git-ignored file (written at deploy time by an Argo CD plugin) cannot be built here. */
function listsGeneratedFile(repo: Repository, k: KustomizationFile): boolean {
  return kustomizeRefs(k.value).some((r) => {
    const target = resolveRel(k.dir, r.ref);
    return target !== undefined && !repo.files.has(target) && !repo.dirs.has(target) && isGitIgnored(repo, target);
  });
}

async function runPool<T>(items: readonly T[], concurrency: number, run: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await run(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, items.length)) }, worker));
}

/** Builds several directories with one kubectl, through a temporary kustomization that lists them. */
async function runKubectlBatch(kubectl: string, dirs: readonly string[]): Promise<BuildResult> {
  const tmp = mkdtempSync(join(tmpdir(), "infraflux-kustomize-"));
  try {
    writeFileSync(
      join(tmp, "kustomization.yaml"),
      `resources:\n${dirs.map((d) => `  - ${JSON.stringify(relative(tmp, d))}\n`).join("")}`,
    );
    return await runKubectl(kubectl, tmp, tmp, ".");
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

interface BuildResult {
  readonly ok: boolean;
  readonly error?: string;
}

/** The files below the kustomization's directory and every file its references read, with their content. */
function contentKey(repo: Repository, root: string, k: KustomizationFile, kubectl: string): string {
  const hash = createHash("sha256").update(`${kubectl}\u0000${k.dir}\u0000`);
  const prefix = k.dir === "" ? "" : `${k.dir}/`;
  const read = renderDirectory(repo, k.dir).read;
  for (const rel of [...repo.files].filter((f) => f.startsWith(prefix) || read.has(f)).sort()) {
    hash.update(`${rel}\u0000`);
    try {
      hash.update(readFileSync(join(root, rel)));
    } catch {
      hash.update("\u0001");
    }
  }
  return hash.digest("hex");
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
