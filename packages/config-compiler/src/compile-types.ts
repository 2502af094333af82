import type { Diagnostic } from "@infraflux/diagnostics";
import type { FileChange as OutputFileChange } from "@infraflux/file-output";
import type { SecretReference } from "./helm-secrets.ts";
import type { ParsedProject } from "./project.ts";
import type { ConfigLayer, MapNode } from "./tree.ts";

/** Everything compile needs, already read from disk. Paths are repository-relative with `/`. */
export interface CompileInput {
  /** The config directory relative to the repository root, normally `config`. */
  readonly configDir: string;
  readonly project: ParsedProject;
  /** Repository-relative path → text, for every file the compile may use. */
  readonly files: ReadonlyMap<string, string>;
}

export interface CompileOptions {
  readonly envs: readonly string[];
  /** Custom layers (`-c FILE`), applied last in order; keys of `CompileInput.files`. */
  readonly customFiles?: readonly string[];
  readonly allowEnv?: boolean;
  /** Environment variables for `${env:NAME}` (with `allowEnv`), passed in: libraries never read process.env. */
  readonly envVars?: Readonly<Record<string, string | undefined>>;
}

/** One output file, relative to the output root (always text here). The CLI applies the list with file-output. */
export type FileChange = OutputFileChange<string>;

export interface RequiredVariable {
  /** `TF_VAR_<name>` the pipeline must export. */
  readonly name: string;
  readonly ref: string;
  readonly path: string;
}

export interface EnvironmentResult {
  readonly env: string;
  readonly layers: readonly ConfigLayer[];
  /** The merged layers before interpolation: what the files say (promotion compares these). */
  readonly merged: MapNode;
  readonly final: MapNode;
  readonly changes: readonly FileChange[];
  readonly requiredVariables: readonly RequiredVariable[];
  /** How each secret a Helm output declares reaches its chart (Secret name and key; never a value). */
  readonly secretReferences: readonly SecretReference[];
}

export interface CompileResult {
  readonly environments: readonly EnvironmentResult[];
  readonly diagnostics: readonly Diagnostic[];
}
