import { formatDiagnostic, type Diagnostic } from "@infraflux/diagnostics";
import { join } from "node:path";
import { runValidation, type ValidationReport } from "../src/index.ts";

export const repoRoot = join(import.meta.dirname, "../../..");
export const fixtures = join(repoRoot, "fixtures/validate");
export const golden = join(repoRoot, "fixtures/golden/validators");

export const repoUrls = ["https://github.com/org/infraflux", "https://github.com/org/platform-gitops"];

export function validateFixture(
  set: string,
  extra: { build?: boolean; rulesFile?: string } = {},
): Promise<ValidationReport> {
  return runValidation({ dirs: ["infraflux", "platform-gitops"], cwd: join(fixtures, set), repoUrls, ...extra });
}

export function formatAll(list: readonly Diagnostic[]): string {
  return `${list.map(formatDiagnostic).join("\n")}\n`;
}
