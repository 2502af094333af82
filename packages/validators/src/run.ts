import { InputError, type Diagnostic } from "@infraflux/diagnostics";
import { readFileSync, statSync } from "node:fs";
import { basename, dirname, resolve } from "node:path";
import { runKustomizeBuilds } from "./kustomize-builds.ts";
import { defaultRulesConfig, detectRole, parseRulesConfig, type RulesConfig } from "./config.ts";
import { readFileRepository, readRepository } from "./load.ts";
import type { Repository } from "./model.ts";
import { rules } from "./registry.ts";
import { validateRepositories, type ValidationReport } from "./validate.ts";

export interface RunValidationOptions {
  /** Directories to validate, as the user named them (labels in the report), resolved against `cwd`. */
  readonly dirs: readonly string[];
  readonly cwd: string;
  /** A `--rules` YAML file (severity overrides and boundaries). */
  readonly rulesFile?: string;
  /** The repositories' own URLs, in the order of `dirs`; a missing one falls back to the git remote `origin`. */
  readonly repoUrls?: readonly string[];
  /** Build every kustomization with `kubectl kustomize` (default false). */
  readonly build?: boolean;
  /** The kubectl binary for `build` (default "kubectl"). */
  readonly kubectl?: string;
  /** Where `build` results are cached by the content of the files each build reads (default: no cache). */
  readonly buildCacheDir?: string;
}

/** Reads the directories (and rules file), runs every rule, and returns the report. Bad input throws InputError. */
export async function runValidation(options: RunValidationOptions): Promise<ValidationReport> {
  const problems: Diagnostic[] = [];
  if (options.dirs.length === 0)
    problems.push({ code: "usage", severity: "error", message: "give at least one directory to validate" });
  for (const d of options.dirs) {
    let exists = false;
    try {
      const st = statSync(resolve(options.cwd, d));
      exists = st.isDirectory() || st.isFile();
    } catch {
      exists = false;
    }
    if (!exists)
      problems.push({ code: "usage", severity: "error", file: d, message: `${d} is neither a directory nor a file` });
  }
  const config = readRulesConfig(options, problems);
  if (problems.length > 0 || !config) throw new InputError(problems);

  const repos: Repository[] = [];
  for (const [i, dir] of options.dirs.entries()) {
    const root = resolve(options.cwd, dir);
    const url = options.repoUrls?.[i];
    if (statSync(root).isFile()) {
      const label = dirname(dir.replace(/\/+$/, ""));
      repos.push(
        await readFileRepository({ file: root, label, role: detectRole(basename(dirname(root)), config.boundaries) }),
      );
      continue;
    }
    repos.push(
      await readRepository({
        root,
        label: dir.replace(/\/+$/, "") || ".",
        role: detectRole(basename(root), config.boundaries),
        ...(url ? { repoUrl: url } : {}),
      }),
    );
  }
  const builds = options.build
    ? await runKustomizeBuilds(repos, {
        roots: options.dirs.map((d) => resolve(options.cwd, d)),
        ...(options.kubectl ? { kubectl: options.kubectl } : {}),
        ...(options.buildCacheDir ? { cacheDir: options.buildCacheDir } : {}),
      })
    : [];
  return validateRepositories(repos, config, builds);
}

function readRulesConfig(options: RunValidationOptions, problems: Diagnostic[]): RulesConfig | undefined {
  if (!options.rulesFile) return defaultRulesConfig;
  let text: string;
  try {
    text = readFileSync(resolve(options.cwd, options.rulesFile), "utf8");
  } catch (error) {
    problems.push({
      code: "usage",
      severity: "error",
      file: options.rulesFile,
      message: `cannot read rules file: ${(error as Error).message}`,
    });
    return undefined;
  }
  const parsed = parseRulesConfig(
    options.rulesFile,
    text,
    rules.map((r) => r.id),
  );
  problems.push(...parsed.diagnostics);
  return parsed.config;
}
