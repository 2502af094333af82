import { EnvironmentError, hasErrors, type Diagnostic } from "@infraflux/diagnostics";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import { runCompile, type CompileReport } from "./run.ts";

/** An environment whose outputs differ between the base and the working tree. */
export interface AffectedEnvironment {
  readonly env: string;
  /** added/removed: the environment exists only in the working tree / only at the base. */
  readonly status: "changed" | "added" | "removed";
  /** Output files whose content differs (or that exist on one side only), e.g. one tfvars per component. */
  readonly files: readonly string[];
}

export interface AffectedReport {
  readonly base: string;
  readonly environments: readonly AffectedEnvironment[];
  readonly diagnostics: readonly Diagnostic[];
}

/** Compares two compiles of every environment, output file by output file. Pure. */
export function planAffected(
  before: Pick<CompileReport, "environments" | "changes">,
  after: Pick<CompileReport, "environments" | "changes">,
): AffectedEnvironment[] {
  const filesOf = (r: typeof before) => {
    const content = new Map(r.changes.map((c) => [c.path, c.content]));
    return new Map(r.environments.map((e) => [e.env, new Map(e.files.map((f) => [f, content.get(f)]))]));
  };
  const a = filesOf(before);
  const b = filesOf(after);
  const out: AffectedEnvironment[] = [];
  for (const env of [...new Set([...a.keys(), ...b.keys()])].sort()) {
    const old = a.get(env);
    const now = b.get(env);
    if (!old || !now) {
      out.push({ env, status: old ? "removed" : "added", files: [...(old ?? now ?? new Map()).keys()] });
      continue;
    }
    const files = [...new Set([...old.keys(), ...now.keys()])].filter((f) => old.get(f) !== now.get(f));
    if (files.length > 0) out.push({ env, status: "changed", files });
  }
  return out;
}

export interface RunAffectedOptions {
  /** The config directory (absolute or relative to the process); its repository is read at `base` with git. */
  readonly configDir: string;
  readonly base: string;
  readonly allowEnv?: boolean;
  readonly envVars?: Readonly<Record<string, string | undefined>>;
}

/**
 * The environments whose outputs differ between a git ref and the working tree (what Atmos calls describe
 * affected): every environment compiled on both sides, the base from `git archive` into a temporary directory.
 */
export function runAffected(options: RunAffectedOptions): AffectedReport {
  const configAbs = resolve(options.configDir);
  const problem = (code: string, message: string): AffectedReport => ({
    base: options.base,
    environments: [],
    diagnostics: [{ code, severity: "error", message, file: options.configDir }],
  });
  const inRepo = spawnSync("git", ["rev-parse", "--show-toplevel"], { cwd: dirname(configAbs), encoding: "utf8" });
  if (inRepo.status !== 0)
    return problem("not-a-git-repository", `${options.configDir} is not inside a git repository`);
  const top = inRepo.stdout.trim();
  const ref = spawnSync("git", ["rev-parse", "--verify", "--quiet", `${options.base}^{commit}`], { cwd: top });
  if (ref.status !== 0) return problem("unknown-ref", `--base ${options.base} is not a commit of ${top}`);
  const scratch = mkdtempSync(join(tmpdir(), "infraflux-affected-"));
  try {
    git(top, ["archive", "--format=tar", "-o", join(scratch, "base.tar"), options.base]);
    const untar = spawnSync("tar", ["-xf", join(scratch, "base.tar"), "-C", scratch], { encoding: "utf8" });
    if (untar.status !== 0) throw new EnvironmentError("tar-failed", `cannot unpack ${options.base}: ${untar.stderr}`);
    const compile = (configDir: string) =>
      runCompile({
        configDir,
        all: true,
        mode: "dry-run",
        allowEnv: options.allowEnv ?? false,
        envVars: options.envVars ?? {},
      });
    const after = compile(configAbs);
    if (hasErrors(after.diagnostics)) return { base: options.base, environments: [], diagnostics: after.diagnostics };
    const before = compile(join(scratch, relative(top, configAbs)));
    const notComparable: Diagnostic[] = hasErrors(before.diagnostics)
      ? [
          {
            code: "base-not-compiled",
            severity: "warning",
            message: `the config at ${options.base} does not compile; every environment is listed as changed`,
            file: relative(top, configAbs) || ".",
          },
        ]
      : [];
    const environments = planAffected(notComparable.length ? { environments: [], changes: [] } : before, after);
    return {
      base: options.base,
      environments: notComparable.length
        ? environments.map((e) => ({ ...e, status: "changed" as const }))
        : environments,
      diagnostics: [...after.diagnostics, ...notComparable],
    };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

function git(cwd: string, args: readonly string[]): string {
  const r = spawnSync("git", args, { cwd, encoding: "utf8", maxBuffer: 1 << 28 });
  if (r.error) throw new EnvironmentError("git-missing", "git is needed for --affected", { cause: r.error });
  if (r.status !== 0) throw new EnvironmentError("git-failed", `git ${args.join(" ")}: ${r.stderr.trim()}`);
  return r.stdout;
}
