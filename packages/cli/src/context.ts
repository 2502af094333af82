import type { Command } from "commander";

/** Everything a command may touch in the outside world, passed in so tests can drive the CLI in-process. */
export interface CliContext {
  readonly cwd: string;
  /** Environment variables (process.env at the edge). */
  readonly envVars: Readonly<Record<string, string | undefined>>;
  readonly stdout: { write(chunk: string): unknown; readonly isTTY?: boolean };
  readonly stderr: { write(chunk: string): unknown; readonly isTTY?: boolean };
}

/** 0 success, 1 findings or verification failure, 2 bad input or usage. */
export type ExitCode = 0 | 1 | 2 | 3;

export interface GlobalOptions {
  readonly json?: boolean;
  readonly verbose?: boolean;
}

/** Builds one subcommand. `setExit` records the exit code the command decided on. */
export type CommandDefinition = (ctx: CliContext, setExit: (code: ExitCode) => void) => Command;

/** Commander's accumulator for a repeatable option (`--env a --env b`). */
export const collect = (value: string, previous: string[]): string[] => [...previous, value];
