import { describe, expect, it } from "vitest";
import { planAffected } from "./affected.ts";

const report = (envs: Record<string, Record<string, string>>) => ({
  environments: Object.entries(envs).map(([env, files]) => ({ env, files: Object.keys(files) })) as never,
  changes: Object.values(envs).flatMap((files) => Object.entries(files).map(([path, content]) => ({ path, content }))),
});

describe("planAffected", () => {
  it.each([
    ["nothing differs", { dev: { "dev/a": "1" } }, { dev: { "dev/a": "1" } }, []],
    [
      "one file of one environment",
      { dev: { "dev/a": "1", "dev/b": "1" }, prod: { "prod/a": "1" } },
      { dev: { "dev/a": "1", "dev/b": "2" }, prod: { "prod/a": "1" } },
      [{ env: "dev", status: "changed", files: ["dev/b"] }],
    ],
    [
      "a file only on one side (a new component)",
      { dev: { "dev/a": "1" } },
      { dev: { "dev/a": "1", "dev/dns.tfvars": "x" } },
      [{ env: "dev", status: "changed", files: ["dev/dns.tfvars"] }],
    ],
    [
      "added and removed environments",
      { old: { "old/a": "1" } },
      { new: { "new/a": "1" } },
      [
        { env: "new", status: "added", files: ["new/a"] },
        { env: "old", status: "removed", files: ["old/a"] },
      ],
    ],
  ])("%s", (_name, before, after, expected) => {
    expect(planAffected(report(before), report(after))).toEqual(expected);
  });
});
