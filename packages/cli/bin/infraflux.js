#!/usr/bin/env -S node --max-semi-space-size=16
// The `infraflux` command. Installed from the registry it runs the built CLI in dist/. In the monorepo checkout, where
// src/ is present, it runs the TypeScript sources and resolves the workspace packages to their sources too (the
// "@infraflux/source" export condition), so `npx infraflux` needs no build there.
// A smaller young generation keeps a 20,000-commit split well under 256 MB without slowing it down (measured).
import { existsSync } from "node:fs";
import * as nodeModule from "node:module";

const major = Number(process.versions.node.split(".")[0]);
if (major < 24) {
  process.stderr.write(`infraflux needs Node.js 24 or later; this is ${process.version} (${process.execPath})\n`);
  process.exit(2);
}
const source = new URL("../src/bin.ts", import.meta.url);
if (existsSync(source)) {
  nodeModule.registerHooks({
    resolve: (specifier, context, next) =>
      next(specifier, { ...context, conditions: [...context.conditions, "@infraflux/source"] }),
  });
  await import(source.href);
} else {
  await import("../dist/bin.js");
}
