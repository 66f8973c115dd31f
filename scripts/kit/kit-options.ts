import type { EmbeddedEmulator } from './emulator/embedded-emulator.js';
import type { KitFault } from './kit-faults.js';
import type { LogLine } from './lambda/log-store.js';
import type { PlanOverrides } from './plan-overrides.js';
import type { TfJson } from './terraform/tf-json.js';

/** Everything `startKit` accepts; every field is optional and its default is applied in start-kit.ts. */
export interface KitOptions {
  /** Which synthesized stack to build. @default 'dev' */
  readonly stack?: string;
  /** Repository root: `functions/`, `cdktf.out/`. @default process.cwd() */
  readonly repoRoot?: string;
  /** The synthesized stack itself, instead of reading `cdktf.out/stacks/<stack>/cdk.tf.json`. */
  readonly tfJson?: TfJson;
  /** An emulator already running (S3 + SQS with object events). @default a new embedded fauxqs */
  readonly emulator?: EmbeddedEmulator;
  /** The account id the emulator answers with. @default '000000000000' */
  readonly accountId?: string;
  /** Credentials handed to clients and functions. @default test/test */
  readonly credentials?: { readonly accessKeyId: string; readonly secretAccessKey: string };
  /** Value of every API key the stack declares without one. @default random per kit */
  readonly apiKeyValue?: string;
  /** Handler entry per `pipeline:function` name instead of `functions/<name>/handler.ts` (tests). */
  readonly functionEntries?: Readonly<Record<string, string>>;
  /** A module exporting `wrapHandler(handler)`, per `pipeline:function` name, loaded around the handler in its sandbox (tests). */
  readonly handlerWrappers?: Readonly<Record<string, string>>;
  /** Local-only changes (short visibility timeouts in tests); each is listed in `kit.notes`. */
  readonly overrides?: PlanOverrides;
  /** Concurrent sandboxes per function, the local stand-in for account concurrency. @default os.availableParallelism() */
  readonly maxWorkersPerFunction?: number;
  /** Long-poll wait of the mappings' receives, seconds. @default 20 */
  readonly pollWaitSeconds?: number;
  /** Function logs: dropped (still captured in `kit.runner.logs`), printed to stderr, or handed to a callback. @default 'silent' */
  readonly logs?: 'silent' | 'stderr' | ((line: LogLine) => void);
  /** The kit's own errors (failed notifications, receives, deletes, object events, API 5xx): printed to stderr, dropped (still in `kit.faults`), or handed to a callback. @default 'stderr' */
  readonly faultLog?: 'silent' | 'stderr' | ((fault: KitFault) => void);
  /** Start one sandbox per function right away, so the first invocation is warm. @default true */
  readonly prewarm?: boolean;
  /**
   * Factor on the state machines' Retry `IntervalSeconds` / `MaxDelaySeconds`: 1 waits as AWS does
   * (2 s, 4 s, 8 s with the stack's Retry); the default waits a hundredth of that. Said in `kit.notes`.
   * @default 0.01
   */
  readonly stepFunctionsRetryIntervalScale?: number;
  /** Wait between two EventBridge delivery attempts of a target (AWS backs off over up to 24 hours). @default 0 */
  readonly eventBridgeRetryDelayMs?: number;
  /** Waits before the retries of an asynchronous (S3 -> Lambda) event, ms; Lambda waits about 1 then 2 minutes. @default [0, 0] (immediate) */
  readonly asyncRetryDelaysMs?: readonly number[];
  /**
   * Visibility timeout of the notify queue (the one a `pipeline:function = notify` function reads), in
   * seconds: how soon a failed webhook delivery is tried again. Said in `kit.notes`.
   * @default the webhook timeout + 2 s (the Terraform's when that is shorter)
   */
  readonly notifyVisibilityTimeoutSeconds?: number;
  /** Extra environment for every function (after the Terraform's, before the kit's endpoint variables). @default {} */
  readonly extraFunctionEnv?: Readonly<Record<string, string>>;
}
