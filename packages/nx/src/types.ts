import type { TargetConfiguration } from "@nx/devkit";

/** One entry of a target's `inputs` (a file set, a named input or a definition such as `externalDependencies`). */
export type TargetInput = NonNullable<TargetConfiguration["inputs"]>[number];

/** Options of the plugin in nx.json: `{ "plugin": "@infraflux/nx", "options": { … } }`. All optional. */
export interface InfrafluxNxOptions {
  /**
   * Where `compile` writes, relative to the workspace root (`--out`). Default: the config root itself, so the
   * generated files live beside the config and are committed.
   */
  readonly outDir?: string;
  /** The command that runs the CLI. Default: `infraflux` (Nx puts node_modules/.bin on the PATH of its commands). */
  readonly command?: string;
  /**
   * Inputs that stand for the tool, added to every target. Default: the installed versions of `@infraflux/cli` and
   * `@infraflux/config-compiler`.
   */
  readonly toolInputs?: readonly TargetInput[];
}

/** The files one environment reads and writes. */
export interface EnvironmentFiles {
  readonly name: string;
  /** Relative to the config root (the directory holding `config/`). */
  readonly inputs: readonly string[];
  /** Relative to the output root. */
  readonly outputs: readonly string[];
}

/** A config root (the parent of a `config/infraflux.config.yaml`) and its environments. */
export interface ConfigRootPlan {
  /** Relative to the workspace root, "" for the workspace root itself. */
  readonly root: string;
  readonly environments: readonly EnvironmentFiles[];
}

/** What the compiler says about one environment: the layers it merged, the SOPS files it read, what it writes. */
export interface CompiledEnvironment {
  readonly name: string;
  readonly layers: readonly string[];
  readonly secretFiles: readonly string[];
  readonly outputs: readonly string[];
}
