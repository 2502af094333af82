import { PHASES, type Phase } from "./spec-schema.ts";

export interface PhaseInfo {
  readonly name: Phase;
  /** Phases (Flux Kustomizations) this one waits for. */
  readonly dependsOn: readonly string[];
  /**
   * `wait: true` for every phase something depends on: in Flux, dependsOn only waits for Ready, and without
   * wait (or health checks) Ready means "applied", not "healthy".
   */
  readonly wait: boolean;
  /** Whether components of this phase live in k8s/base (crds, infrastructure, storage) or only per cluster. */
  readonly shared: boolean;
  /** Argo CD sync wave mirroring the phase order (infrastructure and storage share a wave). */
  readonly wave: number;
}

const DEPENDS_ON: Readonly<Record<Phase, readonly string[]>> = {
  crds: [],
  infrastructure: ["crds"],
  storage: ["crds"],
  "infrastructure-config": ["infrastructure", "storage"],
  apps: ["infrastructure-config"],
};

const SHARED = new Set<Phase>(["crds", "infrastructure", "storage"]);

/**
 * The seed's chain: crds → infrastructure ∥ storage → infrastructure-config → apps. With `bootstrap` (the seed's
 * "crds depends on flux-system"), crds also waits for that Kustomization; it is off by default because the
 * generated tree does not contain flux-system/ and a dangling dependsOn blocks the chain.
 */
export function planPhases(bootstrap?: string): readonly PhaseInfo[] {
  const dependedOn = new Set(Object.values(DEPENDS_ON).flat());
  const waves = new Map<Phase, number>();
  for (const phase of PHASES) {
    const deps = DEPENDS_ON[phase].filter((d): d is Phase => (PHASES as readonly string[]).includes(d));
    waves.set(phase, deps.length === 0 ? 0 : Math.max(...deps.map((d) => waves.get(d)!)) + 1);
  }
  return PHASES.map((name) => ({
    name,
    dependsOn: name === "crds" && bootstrap ? [bootstrap] : DEPENDS_ON[name],
    wait: dependedOn.has(name),
    shared: SHARED.has(name),
    wave: waves.get(name)!,
  }));
}
