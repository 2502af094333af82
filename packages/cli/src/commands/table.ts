import type { Command } from "commander";
import type { CliContext, ExitCode } from "../context.ts";
import { defineSplitCommand } from "./split.ts";
import { defineVerifyCommand } from "./verify.ts";
import { defineCompileCommand } from "./compile.ts";
import { defineExplainCommand } from "./explain.ts";
import { defineValidateCommand } from "./validate.ts";
import { defineOverlaysCommand } from "./overlays.ts";
import { defineNewAppCommand } from "./new-app.ts";
import { definePromoteCommand } from "./promote.ts";

/** Builds one subcommand. `setExit` records the exit code the command decided on. */
export type CommandDefinition = (ctx: CliContext, setExit: (code: ExitCode) => void) => Command;

// One line per subcommand; each lives in commands/<name>.ts.
export const commandTable: readonly CommandDefinition[] = [
  defineSplitCommand,
  defineVerifyCommand,
  defineCompileCommand,
  defineExplainCommand,
  definePromoteCommand,
  defineValidateCommand,
  defineOverlaysCommand,
  defineNewAppCommand,
];
