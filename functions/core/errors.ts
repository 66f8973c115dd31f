/**
 * Errors of the processing core. Each carries a stable code, a message naming the source key and
 * the reason, and whether retrying the same input can help (it never can for bad images).
 */
export class ImageProcessingError extends Error {
  override readonly name: string = 'ImageProcessingError';
  constructor(
    readonly code: string,
    message: string,
    readonly retryable = false,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Zero bytes. */
export class EmptyInputError extends ImageProcessingError {
  override readonly name = 'EmptyInputError';
  constructor(key: string) {
    super('EmptyInput', `${key}: the file is empty`);
  }
}

/** Magic bytes are not those of a supported image format, whatever the name or Content-Type says. */
export class UnsupportedFormatError extends ImageProcessingError {
  override readonly name = 'UnsupportedFormatError';
  constructor(key: string, detail: string) {
    super('UnsupportedFormat', `${key}: not a supported image (${detail})`);
  }
}

/** More bytes than the configured limit. */
export class InputTooLargeError extends ImageProcessingError {
  override readonly name = 'InputTooLargeError';
  constructor(key: string, bytes: number, limit: number) {
    super('InputTooLarge', `${key}: ${bytes} bytes exceeds the limit of ${limit} bytes`);
  }
}

/** Declared dimensions exceed the pixel limit (a decompression bomb or just too big). */
export class PixelLimitError extends ImageProcessingError {
  override readonly name = 'PixelLimitError';
  constructor(key: string, width: number, height: number, limit: number) {
    super('PixelLimitExceeded', `${key}: ${width}x${height} = ${width * height} pixels exceeds the limit of ${limit} pixels`);
  }
}

/** The decoder failed: truncated or corrupt data. */
export class CorruptImageError extends ImageProcessingError {
  override readonly name = 'CorruptImageError';
  constructor(key: string, detail: string, cause?: unknown) {
    super('CorruptImage', `${key}: the image data is truncated or corrupt (${detail})`, false, { cause });
  }
}

/**
 * Decoding this file would cost far more than its size or pixel count suggests (found from its
 * headers, or by a decode that ran past the image's time limit). Retrying cannot help.
 */
export class DecodeTooCostlyError extends ImageProcessingError {
  override readonly name = 'DecodeTooCostlyError';
  constructor(key: string, detail: string, cause?: unknown) {
    super('TooCostlyToDecode', `${key}: too costly to decode (${detail})`, false, { cause });
  }
}

/**
 * The invocation had too little time left to finish this image. Says nothing about the image:
 * retryable, so it is processed again in an invocation of its own.
 */
export class OutOfTimeError extends ImageProcessingError {
  override readonly name = 'OutOfTimeError';
  constructor(key: string, detail: string, cause?: unknown) {
    super('OutOfTime', `${key}: the invocation ran out of time (${detail}); it will be retried`, true, { cause });
  }
}

/**
 * Memory, disk or file handles ran out while processing (libjpeg's "Insufficient memory",
 * libvips' "out of memory"). Says nothing about the image: retryable.
 */
export class ResourceExhaustedError extends ImageProcessingError {
  override readonly name = 'ResourceExhaustedError';
  constructor(key: string, detail: string, cause?: unknown) {
    super('ResourceExhausted', `${key}: ran out of memory or another resource (${detail}); it will be retried`, true, { cause });
  }
}

/**
 * Resizing or encoding an output failed on pixels that had decoded: the source is not to blame
 * (an encoder or settings problem, `webpsave: unable to encode`). Retryable, so the message is
 * redriven to the dead-letter queue only after maxReceiveCount attempts and can be replayed.
 */
export class EncodeFailedError extends ImageProcessingError {
  override readonly name = 'EncodeFailedError';
  constructor(key: string, detail: string, cause?: unknown) {
    super('EncodeFailed', `${key}: encoding an output failed (${detail}); it will be retried`, true, { cause });
  }
}
