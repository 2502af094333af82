import type { CommandDefinition } from "../context.ts";
import { defineSplitCommand } from "./split.ts";
import { defineVerifyCommand } from "./verify.ts";
import { defineCompileCommand } from "./compile.ts";
import { defineExplainCommand } from "./explain.ts";
import { defineValidateCommand } from "./validate.ts";
import { defineOverlaysCommand } from "./overlays.ts";
import { defineNewAppCommand } from "./new-app.ts";
import { definePromoteCommand } from "./promote.ts";

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
