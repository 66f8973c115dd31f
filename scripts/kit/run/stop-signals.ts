import { constants } from 'node:os';

/** What stops `npm run local`: Ctrl-C, `kill <pid>`, a closed terminal. */
export const stopSignals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
export type StopSignal = (typeof stopSignals)[number];

/** The shell's exit status for a process ended by a signal: 128 + its number (SIGTERM: 143). */
export const exitCodeForSignal = (signal: StopSignal): number => 128 + constants.signals[signal];

export interface StopSignalWatch {
  /** Resolves with the first stop signal received. */
  readonly received: Promise<StopSignal>;
  /** Removes the listeners (the default actions apply again). */
  dispose(): void;
}

/**
 * Listens for SIGINT, SIGTERM and SIGHUP so that the process can stop what it started (servers,
 * sandboxes) before it exits, instead of dying and leaving its children serving. Later signals are
 * absorbed while stopping: Ctrl-C in a terminal reaches npm and this process at once, and
 * each relays it, so one key press arrives more than once.
 */
export function watchStopSignals(): StopSignalWatch {
  let resolveReceived!: (signal: StopSignal) => void;
  const received = new Promise<StopSignal>((resolve) => (resolveReceived = resolve));
  const listeners = stopSignals.map((signal) => [signal, () => resolveReceived(signal)] as const);
  for (const [signal, listener] of listeners) process.on(signal, listener);
  return {
    received,
    dispose: () => {
      for (const [signal, listener] of listeners) process.off(signal, listener);
    },
  };
}
