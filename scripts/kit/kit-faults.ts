import { EventEmitter } from 'node:events';

/** Where in the kit an error happened. */
export type FaultSource = 'router' | 'poller' | 'runner' | 'emulator' | 'api' | 'eventbridge' | 'stepfunctions';

/**
 * An error the kit met while running the stack, which no caller would otherwise see: a
 * notification that could not be sent, a failed receive or delete of a mapping, an asynchronous
 * invocation that could not be made, an object event the emulator could not build, an API answer
 * of 5xx, an event the bus could neither deliver nor dead-letter, an execution that could not be
 * started. Logged when it happens, counted at the end.
 */
export interface KitFault {
  readonly source: FaultSource;
  /** What failed, e.g. `SendMessage to arn:aws:sqs:eu-west-1:000000000000:q`. */
  readonly action: string;
  readonly message: string;
  readonly at: Date;
  /** The object whose event or notification failed, when there is one. */
  readonly object?: { readonly bucket: string; readonly key: string };
}

/** One line for a log: `kit router: SendMessage to ... (images/a.jpg): QueueDoesNotExist: ...`. */
export function describeFault(fault: KitFault): string {
  const object = fault.object ? ` (${fault.object.bucket}/${fault.object.key})` : '';
  return `kit ${fault.source}: ${fault.action}${object}: ${fault.message}`;
}

/** `Name: message` of anything thrown. */
export function errorText(error: unknown): string {
  if (error instanceof Error) return error.name && error.name !== 'Error' ? `${error.name}: ${error.message}` : error.message;
  return String(error);
}

/** The kit's faults, in order; emits `fault` for each as it is recorded. */
export class KitFaults extends EventEmitter<{ fault: [KitFault] }> {
  private readonly faults: KitFault[] = [];

  record(fault: Omit<KitFault, 'at'>): KitFault {
    const recorded = { ...fault, at: new Date() };
    this.faults.push(recorded);
    this.emit('fault', recorded);
    return recorded;
  }

  all(): readonly KitFault[] {
    return this.faults;
  }

  /** The last fault about an object (its notification or its event), if any. */
  forObject(bucket: string, key: string): KitFault | undefined {
    return this.faults.findLast((f) => f.object?.bucket === bucket && f.object.key === key);
  }
}

/** The summary line of a run: `kit faults: none`, or the count by source. */
export function faultSummary(faults: readonly KitFault[]): string {
  if (faults.length === 0) return 'kit faults: none (every notification delivered, every receive and delete answered)';
  const counts = new Map<FaultSource, number>();
  for (const fault of faults) counts.set(fault.source, (counts.get(fault.source) ?? 0) + 1);
  return `kit faults: ${faults.length} (${[...counts].map(([source, n]) => `${source} ${n}`).join(', ')}), each logged above as it happened`;
}
