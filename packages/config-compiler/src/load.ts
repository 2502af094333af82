import { EnvironmentError, type Diagnostic } from "@infraflux/diagnostics";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from "node:path";
import type { CompileInput } from "./compile-types.ts";
import { sopsFilesIn } from "./helm-secrets.ts";
import { parseProjectConfig, PROJECT_FILE } from "./project.ts";

export interface LoadOptions {
  /** The config directory (absolute); its parent is the repository root. */
  readonly configDir: string;
  /** Custom layer files (absolute), applied last in order. */
  readonly customFiles?: readonly string[];
}

export interface LoadedInput {
  readonly input: CompileInput;
  readonly repoRoot: string;
  /** The custom files as keys of `input.files`. */
  readonly customKeys: readonly string[];
  readonly diagnostics: readonly Diagnostic[];
}

/** Reads the config tree and every file the project config points at. The only IO of the compile. */
export function loadCompileInput(options: LoadOptions): LoadedInput {
  const configAbs = resolve(options.configDir);
  const repoRoot = dirname(configAbs);
  const configDir = basename(configAbs);
  if (!existsSync(configAbs) || !statSync(configAbs).isDirectory()) {
    return {
      input: emptyInput(configDir),
      repoRoot,
      customKeys: [],
      diagnostics: [
        {
          code: "missing-config-dir",
          severity: "error",
          message: `config directory ${options.configDir} does not exist`,
          file: options.configDir,
        },
      ],
    };
  }
  const files = new Map<string, string>();
  // repository-relative, also for custom files outside it (`../x.yaml`), so headers do not depend on the machine
  const key = (abs: string) => {
    const rel = relative(repoRoot, abs);
    return (isAbsolute(rel) ? abs : rel).split(sep).join("/");
  };
  for (const entry of readdirSync(configAbs, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !/\.(ya?ml|json)$/.test(entry.name)) continue;
    const abs = join(entry.parentPath, entry.name);
    files.set(key(abs), read(abs));
  }
  const projectKey = `${configDir}/${PROJECT_FILE}`;
  const { project, diagnostics } = parseProjectConfig(files.get(projectKey), projectKey);
  const extra = [
    project.config.outputs.terraform?.variablesFile,
    ...project.config.outputs.helm.map((h) => h.template),
  ];
  for (const rel of extra) {
    if (rel === undefined || files.has(rel)) continue;
    const abs = join(repoRoot, rel);
    if (existsSync(abs)) files.set(rel, read(abs));
  }
  const customKeys = (options.customFiles ?? []).map((f) => {
    const abs = resolve(f);
    const k = key(abs);
    if (existsSync(abs)) files.set(k, read(abs));
    return k;
  });
  // SOPS files named by !secret refs, only when a Helm output references Secrets (their unencrypted name and keys)
  if (project.config.outputs.helm.some((h) => Object.keys(h.secrets).length > 0)) {
    const layers = [...files].filter(([k]) => k.startsWith(`${configDir}/`) || customKeys.includes(k));
    for (const rel of new Set(layers.flatMap(([, text]) => sopsFilesIn(text)))) {
      const abs = join(repoRoot, rel);
      if (!files.has(rel) && existsSync(abs) && statSync(abs).isFile()) files.set(rel, read(abs));
    }
  }
  return { input: { configDir, project, files }, repoRoot, customKeys, diagnostics };
}

function emptyInput(configDir: string): CompileInput {
  return {
    configDir,
    project: parseProjectConfig(undefined, `${configDir}/${PROJECT_FILE}`).project,
    files: new Map(),
  };
}

function read(abs: string): string {
  try {
    return readFileSync(abs, "utf8");
  } catch (cause) {
    throw new EnvironmentError("read-failed", `cannot read ${abs}`, { cause });
  }
}
