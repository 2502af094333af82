// Import rules for the monorepo (run by `npm run lint` through scripts/check-deps.ts).
// Layers, lowest first: diagnostics, mermaid, input, file-output  ←  validators  ←  libraries  ←  cli.
const LEAVES = "diagnostics|mermaid|input|file-output";
const LIBRARIES = "config-compiler|overlay-gen|repo-splitter|ansible-restructure|nx";

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: "no-circular",
      severity: "error",
      comment: "Import cycles: move the shared types into a file that nothing in the cycle imports back.",
      from: {},
      to: { circular: true },
    },
    {
      name: "no-relative-import-across-packages",
      severity: "error",
      comment: "Packages import each other by package name (@infraflux/x), never by a relative path.",
      from: { path: "^packages/([^/]+)/" },
      to: { path: "^packages/", pathNot: "^packages/$1/", dependencyTypesNot: ["aliased-workspace"] },
    },
    {
      name: "leaves-depend-on-no-package",
      severity: "error",
      comment: "diagnostics, mermaid, input and file-output are the bottom layer.",
      from: { path: `^packages/(${LEAVES})/src/` },
      to: { path: "^packages/", pathNot: `^packages/($1|${LEAVES})/` },
    },
    {
      name: "validators-depend-on-leaves-only",
      severity: "error",
      from: { path: "^packages/validators/src/" },
      to: { path: "^packages/", pathNot: `^packages/(validators|${LEAVES})/` },
    },
    {
      name: "libraries-do-not-import-each-other",
      severity: "error",
      comment:
        "A library may use the leaves and validators; the CLI composes libraries. One exception: ansible-restructure " +
        "implements the splitter's MigrationRewriter, so it may use repo-splitter's public API (its index.ts) and " +
        "nothing else of it; the splitter never imports it back.",
      from: { path: `^packages/(${LIBRARIES})/src/` },
      to: {
        path: "^packages/",
        pathNot: [`^packages/($1|validators|${LEAVES})/`, "^packages/repo-splitter/src/index\\.ts$"],
      },
    },
    {
      name: "only-ansible-restructure-uses-the-splitter",
      severity: "error",
      comment: "The one allowed edge between libraries: ansible-restructure → repo-splitter's index.ts.",
      from: { path: `^packages/(${LIBRARIES})/src/`, pathNot: "^packages/(ansible-restructure|repo-splitter)/" },
      to: { path: "^packages/repo-splitter/" },
    },
    {
      name: "ansible-restructure-uses-only-the-splitter-index",
      severity: "error",
      from: { path: "^packages/ansible-restructure/" },
      to: { path: "^packages/repo-splitter/", pathNot: "^packages/repo-splitter/src/index\\.ts$" },
    },
    {
      name: "nothing-imports-the-cli",
      severity: "error",
      from: { path: "^packages/(?!cli/)" },
      to: { path: "^packages/cli/" },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "(^|/)(node_modules|out|\\.nx)/" },
    tsPreCompilationDeps: true,
    combinedDependencies: true,
    enhancedResolveOptions: { exportsFields: ["exports"], conditionNames: ["import", "types", "default"] },
  },
};
