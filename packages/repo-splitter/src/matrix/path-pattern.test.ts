import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  comparePatternSpecificity,
  compilePathPattern,
  matchPathPattern,
  renderDestination,
  unsafePathReason,
} from "./path-pattern.ts";

describe("path patterns", () => {
  const cases: { pattern: string; path: string; to: string; expected: string | undefined }[] = [
    {
      pattern: "terraform/",
      path: "terraform/main.tf",
      to: "terraform/modules/",
      expected: "terraform/modules/main.tf",
    },
    { pattern: "terraform/", path: "terraform", to: "x/", expected: undefined },
    { pattern: "terraform/", path: "terraformx/a", to: "x/", expected: undefined },
    { pattern: "README.md", path: "README.md", to: "docs/README.md", expected: "docs/README.md" },
    { pattern: "README.md", path: "README.md", to: "docs/", expected: "docs/README.md" },
    {
      pattern: "gitops/argocd/apps/{app}/ingress.yaml",
      path: "gitops/argocd/apps/grafana/ingress.yaml",
      to: "networking/ingress/{app}.yaml",
      expected: "networking/ingress/grafana.yaml",
    },
    {
      pattern: "gitops/argocd/apps/{app}/ingress.yaml",
      path: "gitops/argocd/apps/a/b/ingress.yaml",
      to: "x/{app}.yaml",
      expected: undefined,
    },
    {
      pattern: "clusters/{c}/talos/**",
      path: "clusters/prod/talos/patches/cni.yaml",
      to: "configs/talos/{c}/",
      expected: "configs/talos/prod/patches/cni.yaml",
    },
    { pattern: "docs/**/*.md", path: "docs/a/b/x.md", to: "guides/", expected: "guides/a/b/x.md" },
    { pattern: "docs/**/*.md", path: "docs/x.md", to: "guides/", expected: "guides/x.md" },
    { pattern: "apps/*/values.yaml", path: "apps/cilium/values.yaml", to: "values/", expected: "values/values.yaml" },
    { pattern: "apps/*/", path: "apps/cilium/a/b.yaml", to: "x/", expected: "x/a/b.yaml" },
    { pattern: "docs/Übersicht/", path: "docs/Übersicht/Betrieb plan.md", to: "ops/", expected: "ops/Betrieb plan.md" },
  ];
  it.each(cases)("$pattern maps $path", ({ pattern, path, to, expected }) => {
    const compiled = compilePathPattern(pattern);
    const match = matchPathPattern(compiled, path);
    expect(match ? renderDestination(to, match) : undefined).toBe(expected);
  });

  it("orders exact paths, then longer literal prefixes, then prefixes over globs", () => {
    const order = [
      "gitops/argocd/apps/cilium/ingress.yaml",
      "gitops/argocd/apps/cilium/",
      "gitops/argocd/apps/",
      "gitops/argocd/apps/{app}/ingress.yaml",
      "gitops/",
    ];
    const sorted = [...order]
      .reverse()
      .map(compilePathPattern)
      .sort(comparePatternSpecificity)
      .map((p) => p.text);
    expect(sorted).toEqual(order);
  });

  it("rejects paths that escape the repository", () => {
    expect(unsafePathReason("../x")).toMatch(/escapes/);
    expect(unsafePathReason("a/../../x")).toMatch(/escapes/);
    expect(unsafePathReason("/etc/passwd")).toMatch(/absolute/);
    expect(unsafePathReason("a/.git/config")).toMatch(/\.git/);
    expect(unsafePathReason("a/b/c.yaml")).toBeUndefined();
  });

  const segment = fc.stringMatching(/^[a-zA-Z0-9_.-]{1,8}$/).filter((s) => s !== "." && s !== "..");
  const relPath = fc.array(segment, { minLength: 1, maxLength: 5 }).map((s) => s.join("/"));

  it("a prefix move round-trips: mapping then stripping the destination gives the path back", () => {
    fc.assert(
      fc.property(relPath, relPath, relPath, (from, to, rest) => {
        const pattern = compilePathPattern(`${from}/`);
        const match = matchPathPattern(pattern, `${from}/${rest}`)!;
        const mapped = renderDestination(`${to}/`, match);
        expect(mapped).toBe(`${to}/${rest}`);
        expect(`${from}/${mapped.slice(to.length + 1)}`).toBe(`${from}/${rest}`);
      }),
    );
  });

  it("a prefix never matches a path outside it", () => {
    fc.assert(
      fc.property(relPath, relPath, (from, path) => {
        const match = matchPathPattern(compilePathPattern(`${from}/`), path);
        expect(match !== undefined).toBe(path.startsWith(`${from}/`));
      }),
    );
  });

  it("a longer literal prefix always wins over a shorter one, whatever their kinds", () => {
    fc.assert(
      fc.property(relPath, segment, fc.boolean(), (base, extra, glob) => {
        const shorter = compilePathPattern(glob ? `${base}/*/` : `${base}/`);
        const longer = compilePathPattern(`${base}/${extra}/`);
        expect(comparePatternSpecificity(longer, shorter)).toBeLessThan(0);
      }),
    );
  });
});
