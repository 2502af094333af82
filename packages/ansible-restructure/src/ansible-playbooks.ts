/**
 * The layered playbooks of the restructured tree (`playbooks/site.yml` importing
 * bootstrap.yml, cluster.yml, platform.yml, mlops.yml and observability.yml, each tagged
 * with its layer), generated from where each role landed. Pure; text is rendered by hand
 * so the output is byte-stable.
 */
import type { AnsiblePlaybook } from "@infraflux/repo-splitter";
import { isMap, isScalar, isSeq, LineCounter, parseAllDocuments } from "yaml";
import type { AnsibleFileChange, AnsiblePlanProblem } from "./ansible-types.ts";

/** A role in its new place, in the order the old playbooks ran it. */
export interface LandedRole {
  /** New reference relative to the roles directory, e.g. `cluster/cni/cilium`. */
  readonly name: string;
  /** Hosts pattern the role ran on in the old playbooks; default per layer. */
  readonly hosts?: string;
  /** Condition the old playbooks ran it under (`when:`), kept. */
  readonly when?: string;
  /** A merged role's routing values: control-plane value first, worker value second (`["server", "agent"]`). */
  readonly routes?: readonly string[];
}

export interface LayeredPlaybookOptions {
  /** Directory of the playbooks; default `playbooks`. */
  readonly dir?: string;
  /** Default `k8s_control_plane`. */
  readonly controlPlaneHosts?: string;
  /** Default `k8s_workers`. */
  readonly workerHosts?: string;
  /** Default `node_role`. */
  readonly routeVariable?: string;
  /** Variable selecting the cluster provider role (cluster/<provider>); default `cluster_provider`. */
  readonly providerVariable?: string;
  /** Variable selecting the CNI role (cluster/cni/<cni>); default `cni_provider`. */
  readonly cniVariable?: string;
  /**
   * The layered playbooks, in the order site.yml imports them (the matrix's `ansible.playbooks`); default
   * `DEFAULT_PLAYBOOKS`. A playbook named `cluster` selects the provider and CNI roles by variable; one named
   * `bootstrap` runs on all hosts by default.
   */
  readonly playbooks?: readonly AnsiblePlaybook[];
}

/** The seed's layered playbooks, and which layers (first segment of a role's new name) each runs. */
export const DEFAULT_PLAYBOOKS: readonly AnsiblePlaybook[] = [
  { name: "bootstrap", title: "Bootstrap: host prerequisites and platform facts", layers: ["bootstrap"] },
  { name: "cluster", title: "Cluster: control plane, workers, CNI and networking", layers: ["cluster", "networking"] },
  {
    name: "platform",
    title: "Platform: storage, security, GitOps, ingress, registry, data",
    layers: ["storage", "security", "platform"],
  },
  { name: "mlops", title: "MLOps: ML-specific services", layers: ["mlops"] },
  { name: "observability", title: "Observability: monitoring", layers: ["observability"] },
];

/** Roles that are not cluster providers even though they sit directly under cluster/. */
const CLUSTER_SUPPORT = new Set(["kubeconfig"]);

interface Entry {
  readonly role: string;
  readonly vars?: Readonly<Record<string, string>>;
  readonly when?: readonly string[];
  readonly tags: readonly string[];
}

interface Play {
  readonly name: string;
  readonly hosts: string;
  readonly tags: readonly string[];
  readonly entries: readonly Entry[];
}

/** playbooks/site.yml and one playbook per non-empty layer. Pure. */
export function planLayeredPlaybooks(
  roles: readonly LandedRole[],
  options: LayeredPlaybookOptions = {},
): { changes: AnsibleFileChange[]; problems: AnsiblePlanProblem[] } {
  const dir = (options.dir ?? "playbooks").replace(/\/+$/, "");
  const playbooks = options.playbooks ?? DEFAULT_PLAYBOOKS;
  const bookOfLayer = new Map(playbooks.flatMap((book) => book.layers.map((layer) => [layer, book.name] as const)));
  const problems: AnsiblePlanProblem[] = [];
  const byBook = new Map<string, LandedRole[]>();
  for (const role of roles) {
    const book = bookOfLayer.get(role.name.split("/")[0]!);
    if (!book) {
      problems.push({
        path: `${dir}/site.yml`,
        message: `role ${role.name} is in no layer (${[...bookOfLayer.keys()].join(", ")}); it is left out of the layered playbooks`,
      });
      continue;
    }
    byBook.set(book, [...(byBook.get(book) ?? []), role]);
  }
  const changes: AnsibleFileChange[] = [];
  const imported: { name: string; title: string }[] = [];
  for (const book of playbooks) {
    const members = byBook.get(book.name);
    if (!members) continue;
    const plays = book.name === "cluster" ? clusterPlays(members, options) : groupPlays(book.name, members, options);
    changes.push({ path: `${dir}/${book.name}.yml`, content: renderPlaybook(book.title, plays) });
    imported.push(book);
  }
  if (imported.length > 0) changes.unshift({ path: `${dir}/site.yml`, content: renderSite(imported) });
  return { changes, problems };
}

/** A role's own tag: its name without the layer (`platform/argo/cd` → `argo_cd`). */
export function tagOf(name: string): string {
  const parts = name.split("/");
  return (parts.length > 1 ? parts.slice(1) : parts).join("_");
}

function leaf(name: string): string {
  return name.split("/").at(-1)!;
}

function entry(role: LandedRole, extra: { vars?: Record<string, string>; when?: string } = {}): Entry {
  const when = [...new Set([...(extra.when ? [extra.when] : []), ...(role.when ? [role.when] : [])])];
  return {
    role: role.name,
    ...(extra.vars ? { vars: extra.vars } : {}),
    ...(when.length ? { when } : {}),
    tags: [tagOf(role.name)],
  };
}

/** cluster.yml: providers selected by cluster_provider on control plane and workers, CNI by cni_provider, then networking. */
function clusterPlays(members: readonly LandedRole[], options: LayeredPlaybookOptions): Play[] {
  const cp = options.controlPlaneHosts ?? "k8s_control_plane";
  const workers = options.workerHosts ?? "k8s_workers";
  const route = options.routeVariable ?? "node_role";
  const provider = options.providerVariable ?? "cluster_provider";
  const cni = options.cniVariable ?? "cni_provider";
  const isProvider = (r: LandedRole) => /^cluster\/[^/]+$/.test(r.name) && !CLUSTER_SUPPORT.has(leaf(r.name));
  const providerEntry = (r: LandedRole, side: 0 | 1) =>
    entry(r, {
      vars: { [route]: r.routes?.[side] ?? (side === 0 ? "master" : "worker") },
      when: `${provider} == '${leaf(r.name)}'`,
    });
  const controlPlane: Entry[] = [];
  for (const r of members.filter((m) => m.name.startsWith("cluster/"))) {
    if (isProvider(r)) controlPlane.push(providerEntry(r, 0));
    else if (r.name.startsWith("cluster/cni/")) controlPlane.push(entry(r, { when: `${cni} == '${leaf(r.name)}'` }));
    else controlPlane.push(entry(r));
  }
  // Providers first, then the CNI, then support roles (kubeconfig needs a running cluster).
  const rank = (e: Entry) => (isProvider({ name: e.role }) ? 0 : e.role.startsWith("cluster/cni/") ? 1 : 2);
  const ordered = [...controlPlane].sort((a, b) => rank(a) - rank(b));
  const plays: Play[] = [];
  if (ordered.length) plays.push({ name: "Cluster control plane", hosts: cp, tags: ["cluster"], entries: ordered });
  const workerEntries = members.filter(isProvider).map((r) => providerEntry(r, 1));
  if (workerEntries.length)
    plays.push({ name: "Cluster workers", hosts: workers, tags: ["cluster"], entries: workerEntries });
  const networking = members.filter((m) => m.name.startsWith("networking/"));
  plays.push(...groupPlays("cluster", networking, options, "Cluster networking"));
  return plays;
}

/** Consecutive roles on the same hosts share a play. */
function groupPlays(
  book: string,
  members: readonly LandedRole[],
  options: LayeredPlaybookOptions,
  title?: string,
): Play[] {
  const fallback = book === "bootstrap" ? "all" : (options.controlPlaneHosts ?? "k8s_control_plane");
  const plays: { name: string; hosts: string; tags: string[]; entries: Entry[] }[] = [];
  for (const role of members) {
    const hosts = role.hosts ?? fallback;
    const last = plays.at(-1);
    if (last && last.hosts === hosts) last.entries.push(entry(role));
    else plays.push({ name: `${title ?? capitalise(book)} on ${hosts}`, hosts, tags: [book], entries: [entry(role)] });
  }
  return plays;
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** A YAML scalar: plain when unambiguous, else double-quoted (JSON strings are valid YAML). */
function scalar(value: string): string {
  return /^[A-Za-z0-9_][A-Za-z0-9_./-]*$/.test(value) && !/^(true|false|yes|no|on|off|null|~|[0-9.]+)$/i.test(value)
    ? value
    : JSON.stringify(value);
}

function renderPlaybook(title: string, plays: readonly Play[]): string {
  const lines = [
    "---",
    `# ${title}.`,
    "# Generated by infraflux from where each role landed; run through site.yml or on its own.",
  ];
  for (const play of plays) {
    lines.push(
      `- name: ${scalar(play.name)}`,
      `  hosts: ${scalar(play.hosts)}`,
      `  tags: [${play.tags.map(scalar).join(", ")}]`,
      "  roles:",
    );
    for (const e of play.entries) {
      lines.push(`    - role: ${scalar(e.role)}`);
      if (e.vars) lines.push("      vars:", ...Object.entries(e.vars).map(([k, v]) => `        ${k}: ${scalar(v)}`));
      if (e.when?.length === 1) lines.push(`      when: ${scalar(e.when[0]!)}`);
      else if (e.when) lines.push("      when:", ...e.when.map((w) => `        - ${scalar(w)}`));
      lines.push(`      tags: [${e.tags.map(scalar).join(", ")}]`);
    }
  }
  return `${lines.join("\n")}\n`;
}

function renderSite(books: readonly { name: string; title: string }[]): string {
  const lines = [
    "---",
    "# Master entrypoint: one playbook per layer, selected with tags",
    "# (ansible-playbook playbooks/site.yml --tags cluster,platform).",
    "# Generated by infraflux from where each role landed.",
  ];
  for (const book of books) {
    lines.push(
      `- name: ${scalar(book.title)}`,
      `  ansible.builtin.import_playbook: ${book.name}.yml`,
      `  tags: [${book.name}]`,
    );
  }
  return `${lines.join("\n")}\n`;
}

/** Whether a YAML file is a playbook: a list of plays (`hosts:`) or playbook imports. Pure. */
export function isPlaybook(text: string): boolean {
  if (!/hosts:|import_playbook:/.test(text)) return false;
  for (const doc of parseAllDocuments(text)) {
    if (doc.errors.length || !isSeq(doc.contents)) continue;
    if (
      doc.contents.items.some(
        (p) => isMap(p) && (p.has("hosts") || p.has("import_playbook") || p.has("ansible.builtin.import_playbook")),
      )
    )
      return true;
  }
  return false;
}

/** A role reference of an old playbook, with the hosts and condition of its play entry. */
export interface PlaybookRoleUse {
  readonly reference: string;
  readonly hosts: string;
  readonly when?: string;
  readonly line: number;
}

/** The `roles:` entries of every play of a playbook, in run order (for ordering and hosts). Pure. */
export function collectPlaybookRoles(text: string): PlaybookRoleUse[] {
  const lineCounter = new LineCounter();
  const uses: PlaybookRoleUse[] = [];
  for (const doc of parseAllDocuments(text, { lineCounter })) {
    if (doc.errors.length || !isSeq(doc.contents)) continue;
    for (const play of doc.contents.items) {
      if (!isMap(play)) continue;
      const hosts = play.get("hosts");
      const roles = play.get("roles", true);
      if (typeof hosts !== "string" || !isSeq(roles)) continue;
      for (const item of roles.items) {
        const name = isScalar(item)
          ? item
          : isMap(item)
            ? (item.get("role", true) ?? item.get("name", true))
            : undefined;
        if (!isScalar(name) || typeof name.value !== "string" || !name.range) continue;
        const when = isMap(item) ? item.get("when") : undefined;
        uses.push({
          reference: name.value,
          hosts,
          ...(typeof when === "string" ? { when } : {}),
          line: lineCounter.linePos(name.range[0]).line,
        });
      }
    }
  }
  return uses;
}
