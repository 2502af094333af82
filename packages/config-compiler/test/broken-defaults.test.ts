import { describe, expect, it } from "vitest";
import { compileConfig } from "../src/index.ts";
import { memoryInput } from "./_input.ts";

const files = {
  "config/defaults/00.yaml": 'cluster:\n  name: ""\n  nodes: 1\n',
  "config/defaults/10-net.yaml": "networking:\n  cidr: [\n  mtu: 1500\n",
  "config/environments/prod.yaml": "cluster:\n  name: prod\nnetworking:\n  cidr: 10.0.0.0/8\n  mtu: 9000\n",
  "config/environments/dev.yaml": "networking:\n  mtu: 1400\n",
};

describe("a broken defaults file", () => {
  it("is reported once; layers are not checked against the incomplete shape (no cascade of unknown keys)", () => {
    const r = compileConfig(memoryInput(files), { envs: ["prod", "dev"] });
    const errors = r.diagnostics.filter((d) => d.severity === "error");
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.every((d) => d.file === "config/defaults/10-net.yaml")).toBe(true);
    expect(r.diagnostics.filter((d) => d.code === "unknown-key")).toEqual([]);
    expect(r.diagnostics).toContainEqual(
      expect.objectContaining({
        code: "not-checked",
        severity: "info",
        message: expect.stringContaining("config/defaults/10-net.yaml"),
      }),
    );
    expect(r.environments.flatMap((e) => e.changes)).toEqual([]);
  });
});
