import { expect } from "vitest";
import { parseProjectConfig, type CompileInput } from "../src/index.ts";

/** An in-memory repository: compileConfig is pure, so no files are needed. */
export function memoryInput(files: Record<string, string>): CompileInput {
  const { project, diagnostics } = parseProjectConfig(
    files["config/infraflux.config.yaml"],
    "config/infraflux.config.yaml",
  );
  expect(diagnostics).toEqual([]);
  return { configDir: "config", project, files: new Map(Object.entries(files)) };
}
