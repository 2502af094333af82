import { InputError } from "@infraflux/diagnostics";
import type { AppType } from "@infraflux/overlay-gen";

/** overlay-gen's APP_TYPES, repeated so the CLI starts without loading it (a test keeps them equal). */
export const APP_TYPE_CHOICES: readonly AppType[] = ["web-service", "worker", "cronjob"];
import { Command, Option } from "commander";
import { join, resolve } from "node:path";
import { printJson } from "../render.ts";
import { collect, type CommandDefinition } from "../context.ts";

export const defineNewAppCommand: CommandDefinition = (ctx, setExit) =>
  new Command("new-app")
    .description(
      "Scaffold an application in the platform repository: a Helm chart skeleton, environments/<env>/values/NAME.yaml per environment and an Argo CD ApplicationSet entry.",
    )
    .requiredOption("--name <name>", "application name (DNS-1123 label, at most 53 characters)")
    .addOption(new Option("--type <type>", "workload kind").choices([...APP_TYPE_CHOICES]).makeOptionMandatory())
    .option("--root <dir>", "platform repository root", ".")
    .option(
      "--env <name>",
      "environment to scaffold values for (repeatable; default: the directories in <root>/environments/)",
      collect,
      [],
    )
    .option(
      "--repo-url <url>",
      "Git URL of the platform repository, used by the ApplicationSet",
      "https://github.com/org/platform-gitops",
    )
    .option("--domain <domain>", "base domain for web-service ingress hosts", "platform.example.com")
    .option("--dry-run", "print the files that would be written; write nothing")
    .addHelpText(
      "after",
      "\nExample:\n  $ infraflux new-app --name my-app --type web-service --root ./platform-gitops\n",
    )
    .action(async (_opts: unknown, cmd: Command) => {
      const { scaffoldApp } = await import("@infraflux/overlay-gen");
      const o = cmd.optsWithGlobals<{
        name: string;
        type: AppType;
        root: string;
        env: string[];
        repoUrl: string;
        domain: string;
        dryRun?: boolean;
        json?: boolean;
      }>();
      const root = resolve(ctx.cwd, o.root);
      const result = scaffoldApp({
        name: o.name,
        type: o.type,
        root,
        environments: o.env,
        repoURL: o.repoUrl,
        domain: o.domain,
      });
      if (!result.ok) throw new InputError(result.diagnostics);
      const files = result.value.changes.map((c) => c.path);
      // New files only (planNewApp refuses an existing app) into a repository the user owns: no manifest.
      const { applyOutput } = await import("@infraflux/file-output");
      applyOutput(result.value.changes, { outDir: root, mode: o.dryRun ? "dry-run" : "write", manifest: false });
      if (o.json) printJson(ctx, { ok: true, dryRun: o.dryRun ?? false, root, files });
      else for (const f of files) ctx.stdout.write(`${o.dryRun ? "would write" : "wrote"} ${join(o.root, f)}\n`);
      setExit(0);
    });
