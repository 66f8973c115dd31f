import { ImageProcessingError } from '../core/errors.js';

/** The request carried no body at all. */
export class MissingBodyError extends ImageProcessingError {
  override readonly name = 'MissingBodyError';
  constructor() {
    super('MissingBody', 'the request has no body; send the image bytes as the body');
  }
}

/** A header the client set is not what it must be. */
export class BadHeaderError extends ImageProcessingError {
  override readonly name = 'BadHeaderError';
  constructor(header: string, reason: string) {
    super('BadRequest', `${header} ${reason}`);
  }
}

/** A multipart/form-data upload without exactly one readable file part. */
export class BadFormError extends ImageProcessingError {
  override readonly name = 'BadFormError';
  constructor(reason: string) {
    super('BadForm', reason);
  }
}

/** The body arrived in a form the function cannot take the image's bytes from. */
export class UnsupportedMediaTypeError extends ImageProcessingError {
  override readonly name = 'UnsupportedMediaTypeError';
  constructor(reason: string) {
    super('UnsupportedMediaType', reason);
  }
}
