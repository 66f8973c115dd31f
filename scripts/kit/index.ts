export { startKit, functionEnvironment, type Kit } from './start-kit.js';
export type { KitOptions } from './kit-options.js';
export type { PlanOverrides } from './plan-overrides.js';
export type * from './terraform/kit-plan.js';
export { coverageLines } from './coverage-lines.js';
export { replayEvent, type ReplaySummary, type ReplayOptions } from './replay/replay-event.js';
export { ensureSynth, isSynthStale } from './terraform/ensure-synth.js';
export { KitError, KitConfigError, ExpressionError, LocalStackError } from './errors.js';
