import { Application } from "@kubernetes-models/argo-cd/argoproj.io/v1alpha1/Application";
import { ApplicationSet } from "@kubernetes-models/argo-cd/argoproj.io/v1alpha1/ApplicationSet";
import { HelmRelease } from "@kubernetes-models/flux-cd/helm.toolkit.fluxcd.io/v2/HelmRelease";
import { Kustomization } from "@kubernetes-models/flux-cd/kustomize.toolkit.fluxcd.io/v1/Kustomization";
import { HelmRepository } from "@kubernetes-models/flux-cd/source.toolkit.fluxcd.io/v1/HelmRepository";
import { Namespace } from "kubernetes-models/v1/Namespace";

/**
 * Typed models for every object overlay-gen writes. Pinned: @kubernetes-models/flux-cd 4.0.0 (has
 * helm.toolkit.fluxcd.io/v2; 2.3.x does not), @kubernetes-models/argo-cd 4.0.0, kubernetes-models 5.1.0.
 */
const MODELS: Readonly<Record<string, new (data: never) => { validate(): void }>> = {
  [`${HelmRelease.apiVersion}|${HelmRelease.kind}`]: HelmRelease as never,
  [`${HelmRepository.apiVersion}|${HelmRepository.kind}`]: HelmRepository as never,
  [`${Kustomization.apiVersion}|${Kustomization.kind}`]: Kustomization as never,
  [`${Namespace.apiVersion}|${Namespace.kind}`]: Namespace as never,
  [`${Application.apiVersion}|${Application.kind}`]: Application as never,
  [`${ApplicationSet.apiVersion}|${ApplicationSet.kind}`]: ApplicationSet as never,
};

export const MODEL_API_VERSIONS = {
  helmRelease: HelmRelease.apiVersion,
  helmRepository: HelmRepository.apiVersion,
  fluxKustomization: Kustomization.apiVersion,
  application: Application.apiVersion,
} as const;

/** Validates a plain object with its typed model; returns the schema errors (empty when valid). */
export function validateWithModel(object: { apiVersion?: unknown; kind?: unknown }): string[] {
  const Model = MODELS[`${String(object.apiVersion)}|${String(object.kind)}`];
  if (Model === undefined) return [`no typed model for ${String(object.apiVersion)} ${String(object.kind)}`];
  try {
    new Model(object as never).validate();
    return [];
  } catch (error) {
    const errors = (error as { errors?: { instancePath?: string; message?: string }[] }).errors;
    if (Array.isArray(errors)) return errors.map((e) => `${e.instancePath || "/"} ${e.message ?? "is invalid"}`);
    return [error instanceof Error ? error.message : String(error)];
  }
}
