import type { BuilderPlan } from '../../../core/schema/builder-plan.js';
import type { ApiClient } from './client';

/** A content type's definition as written in `config/content-types/<singularName>.json`. */
export type Definition = Record<string, unknown>;

export interface BuilderState {
  enabled: boolean;
  /** Whether the server restarts itself after applying (the CLI's single-process server). */
  reloads: boolean;
  types: Record<string, Definition>;
}

// The plan's wire types are the server's own, so the two cannot drift.
export type { PlannedStep, StepSafety } from '../../../core/schema/builder-plan.js';
export type { BuilderPlan };

export interface BuilderChange {
  /** singularName → definition, or null to remove the type. */
  types: Record<string, Definition | null>;
  /** Field renames as `type.old=new`, so the data moves with the field. */
  renames?: { fields: string[] };
  allowDestructive?: boolean;
}

export interface ApplyResult {
  reloading: boolean;
  message?: string;
}

/** The builder exists only in development; in production the server answers 404. */
export async function fetchBuilder(client: ApiClient, signal?: AbortSignal): Promise<BuilderState> {
  const result = await client.request<{ data: BuilderState }>('GET', '/api/content-type-builder', signal ? { signal } : {});
  return result.data;
}

export async function planChange(client: ApiClient, change: BuilderChange): Promise<BuilderPlan> {
  return (await client.request<{ data: BuilderPlan }>('POST', '/api/content-type-builder/plan', { body: change })).data;
}

export async function applyChange(client: ApiClient, change: BuilderChange): Promise<ApplyResult> {
  return (await client.request<{ data: ApplyResult }>('POST', '/api/content-type-builder/apply', { body: change })).data;
}

/**
 * Resolves once the restarted server is ready. The old server may still
 * answer for a moment, so a 200 counts only after the server was seen down
 * (or after a grace period).
 */
export async function waitForRestart(timeoutMs = 30_000): Promise<void> {
  const started = Date.now();
  let sawDown = false;
  while (Date.now() - started < timeoutMs) {
    await new Promise((resolve) => setTimeout(resolve, 200));
    const status = await fetch('/_ready').then((response) => response.status, () => 0);
    if (status !== 200) sawDown = true;
    else if (sawDown || Date.now() - started > 1500) return;
  }
  throw new Error(`Larder did not come back within ${Math.round(timeoutMs / 1000)} seconds. Check the server log, then reload this page.`);
}
