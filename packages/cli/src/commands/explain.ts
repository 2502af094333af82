import { InputError, hasErrors } from "@infraflux/diagnostics";
import { Command } from "commander";
import { resolve } from "node:path";
import { printDiagnostics, printJson } from "../render.ts";
import { resolveConfigDir } from "./compile.ts";
import { collect, type CommandDefinition } from "../context.ts";

export const defineExplainCommand: CommandDefinition = (ctx, setExit) =>
  new Command("explain")
    .description(
      "Print a config key's final value and the chain of layers that set, merged or removed it, each with file:line:col.",
    )
    .argument("<key>", "dot path into the final config, e.g. networking.cilium.version or compute.pools.1.count")
    .option("--config <dir>", "the config directory; its parent is the repository root")
    .option("--root <dir>", "the repository root; short for --config <dir>/config")
    .requiredOption("-e, --env <name>", "environment to explain")
    .option("-c, --custom <file>", "custom layer applied last (repeatable, in order)", collect, [])
    .option("--allow-env", "allow ${env:NAME} interpolation from environment variables")
    .addHelpText(
      "after",
      `
Example:
  $ infraflux explain --root fixtures/config-repo --env prod compute.workers.count -c fixtures/config-repo/custom/prod-hotfix.yaml
  compute.workers.count (environment prod) = 7
    1. config/defaults/00-base.yaml:22:12 [defaults] set 1
    2. config/templates/large.yaml:9:12 [template] override 5
    3. custom/prod-hotfix.yaml:4:12 [custom] override 7
`,
    )
    .action(async (key: string, _opts: unknown, cmd: Command) => {
      const o = cmd.optsWithGlobals<{
        config?: string;
        root?: string;
        env: string;
        custom: string[];
        allowEnv?: boolean;
        json?: boolean;
      }>();
      const { formatExplain, runExplain } = await import("@infraflux/config-compiler");
      const { explanation, diagnostics } = runExplain({
        configDir: resolveConfigDir(ctx, o),
        env: o.env,
        key,
        customFiles: o.custom.map((f) => resolve(ctx.cwd, f)),
        allowEnv: o.allowEnv ?? false,
        envVars: ctx.envVars,
      });
      if (hasErrors(diagnostics) || !explanation) throw new InputError(diagnostics);
      if (diagnostics.length) printDiagnostics(ctx, diagnostics);
      if (o.json) printJson(ctx, explanation);
      else ctx.stdout.write(formatExplain(explanation));
      setExit(explanation.found ? 0 : 1);
    });
