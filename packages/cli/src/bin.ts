#!/usr/bin/env -S node --max-semi-space-size=16
// A smaller young generation keeps a 20,000-commit split well under 256 MB without slowing it down (measured).
import { runCli } from "./main.ts";

const code = await runCli(process.argv.slice(2), {
  cwd: process.cwd(),
  envVars: process.env,
  stdout: process.stdout,
  stderr: process.stderr,
});
process.exitCode = code;
