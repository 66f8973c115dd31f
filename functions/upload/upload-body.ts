import type { APIGatewayProxyEvent } from 'aws-lambda';
import { UnsupportedMediaTypeError } from './errors.js';
import { isMultipartForm, readFormFile } from './multipart.js';
import { headerValue, requestBody } from './request.js';

export interface UploadBody {
  readonly bytes: Buffer;
  /** The name a multipart form gave its file part. */
  readonly formFileName?: string;
}

/**
 * The uploaded bytes: the request body itself, or the one file of a `multipart/form-data` body
 * (what browsers and HTML forms send) with its part's file name. `maxBytes` bounds the whole
 * body. A form must arrive base64-encoded (multipart/form-data a binary media type of the API):
 * as text, API Gateway has already replaced the file's bytes that are not UTF-8.
 */
export async function readUploadBody(event: Pick<APIGatewayProxyEvent, 'headers' | 'body' | 'isBase64Encoded'>, maxBytes: number, name: string): Promise<UploadBody> {
  const contentType = headerValue(event, 'content-type');
  if (contentType === undefined || !isMultipartForm(contentType)) return { bytes: requestBody(event, maxBytes, name) };
  if (!event.isBase64Encoded && event.body) {
    throw new UnsupportedMediaTypeError(
      "this API passes multipart/form-data to the function as text (it is not one of the API's binary media types), which corrupts the file; " +
        "send the image itself as the body instead: curl --data-binary @photo.jpg -H 'Content-Type: image/jpeg'",
    );
  }
  const file = await readFormFile(requestBody(event, maxBytes, name), contentType);
  return { bytes: file.bytes, ...(file.fileName !== undefined && { formFileName: file.fileName }) };
}
