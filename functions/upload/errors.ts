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
