import { hasErrors, type Diagnostic } from "@infraflux/diagnostics";
import { resolve } from "node:path";
import { compileConfig, listEnvironments } from "./compile.ts";
import type { EnvironmentResult, FileChange, RequiredVariable } from "./compile-types.ts";
import { renderFinalConfig } from "./emit-yaml.ts";
import type { SecretReference } from "./helm-secrets.ts";
import { explainKey, type ExplainResult } from "./explain.ts";
import { loadCompileInput } from "./load.ts";
import { listStrategiesOf } from "./project.ts";

export interface RunCompileOptions {
  /** The config directory; its parent is the repository root. */
  readonly configDir: string;
  /** Environments to compile; ignored with `all`. */
  readonly envs?: readonly string[];
  readonly all?: boolean;
  readonly customFiles?: readonly string[];
  /** Where output paths are rooted. Default: the repository root. */
  readonly outDir?: string;
  /**
   * What the caller will do with the changes (nothing here touches the disk): write (default), check, dry-run,
   * or provenance. dry-run and provenance also render the final config (provenance with each value's origin).
   */
  readonly mode?: "write" | "check" | "dry-run" | "provenance";
  readonly allowEnv?: boolean;
  /** Environment variables for `${env:NAME}` (with `allowEnv`). */
  readonly envVars?: Readonly<Record<string, string | undefined>>;
}

export interface EnvironmentReport {
  readonly env: string;
  readonly layers: readonly { readonly layer: string; readonly file: string }[];
  readonly files: readonly string[];
  readonly requiredVariables: readonly RequiredVariable[];
  /** Helm values that reference an existing Kubernetes Secret (name and key), one per declared secret. */
  readonly secretReferences: readonly SecretReference[];
  /** The final config as YAML (with origins as comments in provenance mode; "" unless dry-run or provenance); secrets as references. */
  readonly finalConfig: string;
}

export interface CompileReport {
  readonly outDir: string;
  readonly mode: NonNullable<RunCompileOptions["mode"]>;
  readonly environments: readonly EnvironmentReport[];
  /** Every output file of every environment, relative to `outDir`; applied by the caller (file-output). */
  readonly changes: readonly FileChange[];
  readonly diagnostics: readonly Diagnostic[];
}

/** The manifest (relative to the output root) listing the files compile generated, for stale-file detection. */
export const COMPILE_MANIFEST = ".infraflux-compiled";

/** load → compile (pure) → the output files as data, for the caller to write, check or list. */
export function runCompile(options: RunCompileOptions): CompileReport {
  const mode = options.mode ?? "write";
  const loaded = loadCompileInput({ configDir: options.configDir, customFiles: options.customFiles ?? [] });
  const outDir = resolve(options.outDir ?? loaded.repoRoot);
  const envs = options.all ? listEnvironments(loaded.input.configDir, loaded.input.files.keys()) : (options.envs ?? []);
  const empty = { outDir, mode, environments: [], changes: [] };
  if (hasErrors(loaded.diagnostics)) return { ...empty, diagnostics: loaded.diagnostics };
  if (envs.length === 0)
    return {
      ...empty,
      diagnostics: [
        {
          code: "no-environment",
          severity: "error",
          message: options.all
            ? `no environments in ${loaded.input.configDir}/environments/`
            : "name an environment with --env NAME, or pass --all",
          file: `${loaded.input.configDir}/environments`,
        },
      ],
    };
  const result = compileConfig(loaded.input, {
    envs,
    customFiles: loaded.customKeys,
    allowEnv: options.allowEnv ?? false,
    envVars: options.envVars ?? {},
  });
  const diagnostics = [...loaded.diagnostics, ...result.diagnostics];
  const environments = result.environments.map((e) => envReport(e, mode));
  if (hasErrors(diagnostics)) return { ...empty, environments, diagnostics };
  const changes = result.environments.flatMap((e) => e.changes);
  return { outDir, mode, environments, changes, diagnostics };
}

function envReport(e: EnvironmentResult, mode: CompileReport["mode"]): EnvironmentReport {
  return {
    env: e.env,
    layers: e.layers.map((l) => ({ layer: l.layer, file: l.file })),
    files: e.changes.map((c) => c.path),
    requiredVariables: e.requiredVariables,
    secretReferences: e.secretReferences,
    finalConfig:
      mode === "dry-run" || mode === "provenance" ? renderFinalConfig(e.final, "", mode === "provenance") : "",
  };
}

export interface RunExplainOptions {
  readonly configDir: string;
  readonly env: string;
  readonly key: string;
  readonly customFiles?: readonly string[];
  readonly allowEnv?: boolean;
  readonly envVars?: Readonly<Record<string, string | undefined>>;
}

/** Compiles one environment and explains where `key` came from. Errors in the config are returned as diagnostics. */
export function runExplain(options: RunExplainOptions): {
  explanation?: ExplainResult;
  diagnostics: readonly Diagnostic[];
} {
  const loaded = loadCompileInput({ configDir: options.configDir, customFiles: options.customFiles ?? [] });
  if (hasErrors(loaded.diagnostics)) return { diagnostics: loaded.diagnostics };
  const result = compileConfig(loaded.input, {
    envs: [options.env],
    customFiles: loaded.customKeys,
    allowEnv: options.allowEnv ?? false,
    envVars: options.envVars ?? {},
  });
  const env = result.environments[0];
  if (!env) return { diagnostics: result.diagnostics };
  return {
    explanation: explainKey(env, options.key, listStrategiesOf(loaded.input.project.config)),
    diagnostics: result.diagnostics,
  };
}
