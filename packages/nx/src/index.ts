export { createNodesV2 } from "./plugin.ts";
export type { InfrafluxNxOptions } from "./types.ts";
