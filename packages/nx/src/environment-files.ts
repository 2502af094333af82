import type { CompiledEnvironment, EnvironmentFiles } from "./types.ts";

const PROJECT_FILE = "infraflux.config.yaml";
const isYaml = (f: string) => /\.ya?ml$/.test(f);
const isSops = (f: string) => /\.sops\.[^/]+$/.test(f);

/**
 * The exact inputs of each environment. `files` are all the files the compiler loads (config root relative): the
 * YAML layers under the config directory are inputs only of the environments that merge them, SOPS files only of the
 * environments whose secrets name them; everything else (the project file, the schema, variables.tf, Helm value
 * templates) is read by every environment. Pure.
 */
export function planEnvironmentFiles(
  files: readonly string[],
  configDir: string,
  environments: readonly CompiledEnvironment[],
): EnvironmentFiles[] {
  const projectFile = `${configDir}/${PROJECT_FILE}`;
  const secretFiles = new Set(environments.flatMap((e) => e.secretFiles).filter((f) => f !== projectFile));
  const isPerEnvironment = (f: string) =>
    (f.startsWith(`${configDir}/`) && isYaml(f) && f !== projectFile) || isSops(f) || secretFiles.has(f);
  const shared = files.filter((f) => !isPerEnvironment(f));
  return environments.map((e) => ({
    name: e.name,
    inputs: [...new Set([...shared, ...e.layers, ...e.secretFiles.filter((f) => f !== projectFile)])].sort(),
    outputs: [...e.outputs].sort(),
  }));
}
