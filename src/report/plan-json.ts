// `aksguard plan --format json`: the PlanResult as it is, the public contract (schemaVersion 1).
import type { PlanResult } from '../plan/index.js';

/** Renders a plan as JSON, keys in the contract's order. */
export function renderPlanJson(plan: PlanResult): string {
  return `${JSON.stringify(plan, null, 2)}\n`;
}
