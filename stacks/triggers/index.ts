import type { ResolvedTrigger } from '../../config/resolved.js';
import { directTrigger } from './direct.js';
import { eventBridgeTrigger } from './eventbridge.js';
import { queueTrigger } from './queue.js';
import type { TriggerContext, TriggerWiring } from './wiring.js';

export type { TriggerContext, TriggerWiring } from './wiring.js';

/** The wiring of `config.trigger.via`. */
export function wireTrigger(context: TriggerContext, trigger: ResolvedTrigger): TriggerWiring {
  switch (trigger.via) {
    case 'queue':
      return queueTrigger(context, trigger);
    case 'direct':
      return directTrigger(context, trigger);
    case 'eventbridge':
      return eventBridgeTrigger(context, trigger);
  }
}
