import { describe, expect, it } from "vitest";
import { globToRegExp } from "@infraflux/input";
import { defaultBoundaries, detectRole, parseRulesConfig } from "./config.ts";

const ids = ["secret-not-encrypted", "boundary-violation"];

describe("parseRulesConfig", () => {
  it("reads severities and boundaries; missing parts take the defaults", () => {
    const r = parseRulesConfig(
      "r.yaml",
      "rules:\n  secret-not-encrypted: warning\nboundaries:\n  roles:\n    platform:\n      forbid:\n        paths: ['**/*.tf']\n",
      ids,
    );
    expect(r.diagnostics).toEqual([]);
    expect(r.config?.severities).toEqual({ "secret-not-encrypted": "warning" });
    expect(r.config?.boundaries.platform).toEqual({ kinds: [], paths: ["**/*.tf"] });
    expect(r.config?.boundaries.infrastructure).toEqual(defaultBoundaries.infrastructure);
  });

  it.each([
    [
      "unknown rule id with a suggestion",
      "rules:\n  secret-not-encrypte: off\n",
      2,
      3,
      'Did you mean "secret-not-encrypted"',
    ],
    ["bad severity", "rules:\n  secret-not-encrypted: fatal\n", 2, 25, ""],
    ["unknown top-level key", "rulez: {}\n", 1, 1, ""],
    ["YAML error", "rules: [\n", 2, 1, ""],
  ])("%s is a diagnostic with a position", (_name, text, line, column, message) => {
    const r = parseRulesConfig("r.yaml", text, ids);
    expect(r.config).toBeUndefined();
    expect(r.diagnostics[0]?.span).toMatchObject({ line, column });
    expect(r.diagnostics[0]?.message).toContain(message);
  });
});

describe("detectRole and globs", () => {
  it.each([
    ["infraflux", "infrastructure"],
    ["platform-gitops", "platform"],
    ["platform-gitops-staging", "platform"],
    ["my-platform", "unknown"],
    ["d2-infra", "unknown"],
    ["infra-live", "unknown"],
    ["docs", "unknown"],
  ])("%s → %s", (name, role) => expect(detectRole(name, defaultBoundaries)).toBe(role));

  it.each([
    ["**/*.tf", "main.tf", true],
    ["**/*.tf", "a/b/main.tf", true],
    ["terraform/**", "terraform/x/y", true],
    ["argoproj.io/*", "argoproj.io/Application", true],
    ["*.cluster.x-k8s.io/*", "infrastructure.cluster.x-k8s.io/ProxmoxCluster", true],
    ["*.cluster.x-k8s.io/*", "cluster.x-k8s.io/Cluster", false],
    ["gitops/argocd/**", "gitops/other/x", false],
  ])("%s matches %s: %s", (glob, path, expected) => expect(globToRegExp(glob).test(path)).toBe(expected));
});
