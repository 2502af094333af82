import { describe, expect, it } from "vitest";
import { globToRegExp } from "./glob.ts";

describe("globToRegExp", () => {
  it.each([
    ["**/*.tf", "main.tf", true],
    ["**/*.tf", "a/b/main.tf", true],
    ["**/*.tf", "a/b/main.tfvars", false],
    ["terraform/**", "terraform/x/y", true],
    ["terraform/**", "terraformx/y", false],
    ["a/**/b", "a/b", true],
    ["a/**/b", "a/x/y/b", true],
    ["a/**/b", "a/xb", false],
    ["*", "a", true],
    ["*", "a/b", false],
    ["*.yaml", "x.yaml", true],
    ["*.yaml", "xyaml", false],
    ["argoproj.io/*", "argoproj.io/Application", true],
    ["*.cluster.x-k8s.io/*", "infrastructure.cluster.x-k8s.io/ProxmoxCluster", true],
    ["*.cluster.x-k8s.io/*", "cluster.x-k8s.io/Cluster", false],
    ["gitops/argocd/**", "gitops/other/x", false],
    ["*platform*", "my-platform-repo", true],
    ["v?.yaml", "v1.yaml", true],
    ["v?.yaml", "v12.yaml", false],
    ["v?", "v/", false],
    ["(a)+[b]", "(a)+[b]", true],
    ["a+", "aa", false],
  ])("%s matches %s: %s", (glob, path, expected) => expect(globToRegExp(glob).test(path)).toBe(expected));

  it.each([
    ["networking.*.cidr", "networking.pods.cidr", true],
    ["networking.*.cidr", "networking.pods.v4.cidr", false],
    ["networking.**", "networking.pods.v4.cidr", true],
    ["labels.*", "labels.app/name", true],
    ["a.b", "axb", false],
  ])("dot paths: %s matches %s: %s", (glob, path, expected) =>
    expect(globToRegExp(glob, { separator: "." }).test(path)).toBe(expected),
  );

  it.each([
    ["docs/", "docs/a/b.md", true],
    ["docs/", "docs", false],
    ["*.bin", "x.bin", true],
    ["*.bin", "x.bin/inner", true],
    ["*.bin", "x.binary", false],
    ["assets/**/*.png", "assets/a/b.png", true],
  ])("with descendants: %s matches %s: %s", (glob, path, expected) =>
    expect(globToRegExp(glob, { descendants: true }).test(path)).toBe(expected),
  );
});
