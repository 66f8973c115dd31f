import { CorruptImageError, EncodeFailedError, ImageProcessingError, ResourceExhaustedError, UnsupportedFormatError } from './errors.js';
import { bareCorruptHeader, sharpMessages, type SharpMessage } from './sharp-messages.js';

/**
 * Where a sharp call failed. `decode`: reading the source (its header or its pixels), where a
 * recognised message can blame the input. `encode`: resizing and encoding pixels that already
 * decoded, where the input is never to blame.
 */
export type SharpStage = 'decode' | 'encode';

function lines(message: string): string[] {
  const all = message.split('\n').map((line) => line.trim());
  const nonEmpty = all.filter((line) => line !== '');
  return nonEmpty.length > 0 ? nonEmpty : [message.trim()];
}

/** The first recognised message, and the line that carries it (the reason shown to people). */
function recognise(messageLines: readonly string[], stage: SharpStage): { failure: SharpMessage['failure']; line: string } | undefined {
  const applicable = stage === 'decode' ? sharpMessages : sharpMessages.filter((entry) => entry.failure === 'resources');
  for (const entry of applicable) {
    const line = messageLines.find((candidate) => entry.pattern.test(candidate));
    if (line !== undefined) return { failure: entry.failure, line };
  }
  if (stage === 'decode' && messageLines.length === 1 && bareCorruptHeader.test(messageLines[0]!)) {
    return { failure: 'corrupt', line: messageLines[0]! };
  }
  return undefined;
}

/**
 * Turns an error thrown by sharp while processing `key` into an ImageProcessingError. Only a
 * recognised message at the decode stage blames the image (CorruptImage, UnsupportedFormat: not
 * retried). Running out of memory, an encoder failure and anything unrecognised are retried:
 * a good image must never go to the dead-letter queue for a fault of the machine or of this code.
 */
export function translateSharpError(key: string, error: unknown, stage: SharpStage): ImageProcessingError {
  if (error instanceof ImageProcessingError) return error;
  const message = error instanceof Error ? error.message : String(error);
  const messageLines = lines(message);
  const recognised = recognise(messageLines, stage);
  switch (recognised?.failure) {
    case 'resources':
      return new ResourceExhaustedError(key, recognised.line, error);
    case 'unsupported':
      return new UnsupportedFormatError(key, recognised.line);
    case 'corrupt':
      return new CorruptImageError(key, recognised.line, error);
    case undefined:
      return stage === 'encode'
        ? new EncodeFailedError(key, messageLines[0]!, error)
        : new ImageProcessingError('ProcessingFailed', `${key}: processing failed (${messageLines[0]!})`, true, { cause: error });
  }
}
