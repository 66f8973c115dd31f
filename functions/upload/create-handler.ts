import { randomUUID } from 'node:crypto';
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { checkDecodeCost } from '../core/decode-cost.js';
import { outputKeysFor } from '../core/keys.js';
import { sniffHeadBytes, sniffImageFormat, isSupportedInputFormat, supportedInputFormats } from '../core/sniff.js';
import { EmptyInputError, UnsupportedFormatError } from '../core/errors.js';
import { elapsedMs, type LogSink } from '../shared/logging.js';
import { sanitiseFileName } from './file-name.js';
import { uploadFormats } from './formats.js';
import { headerValue, requestedFileName } from './request.js';
import { errorResponse, jsonResponse } from './responses.js';
import type { UploadSettings } from './settings.js';
import { readUploadBody } from './upload-body.js';
import { uploadKeyFor } from './upload-key.js';

export interface UploadDeps {
  readonly s3: S3Client;
  readonly settings: UploadSettings;
  readonly logger: LogSink;
  /** @default () => new Date() */
  readonly now?: () => Date;
  /** @default crypto.randomUUID */
  readonly newId?: () => string;
}

/** The 201 body. `outputs` are the keys the process function will write in the outputs bucket. */
export interface UploadReply {
  readonly key: string;
  readonly bucket: string;
  readonly contentType: string;
  readonly bytes: number;
  readonly outputs: readonly string[];
}

export type UploadHandler = (event: APIGatewayProxyEvent) => Promise<APIGatewayProxyResult>;

/** What `curl -d @photo.jpg` sends: the file as form text, its line breaks dropped. */
const curlDataHint = (contentType: string | undefined): string =>
  contentType?.toLowerCase().startsWith('application/x-www-form-urlencoded')
    ? "; a form-encoded body (curl -d) loses the file's bytes: send it with curl --data-binary @photo.jpg -H 'Content-Type: image/jpeg'"
    : '';

/**
 * POST /uploads: the body is the image, or a `multipart/form-data` form with one file. Its type
 * comes from its magic bytes, never from Content-Type or the name; a file whose headers show too
 * many pixels or a decoding cost out of proportion is refused (422); the rest is stored under a
 * new unique key below the trigger prefix.
 */
export function createUploadHandler(deps: UploadDeps): UploadHandler {
  const { s3, settings, logger } = deps;
  const now = deps.now ?? (() => new Date());
  const newId = deps.newId ?? randomUUID;

  return async (event) => {
    const started = performance.now();
    let rawName = requestedFileName(event);
    try {
      const upload = await readUploadBody(event, settings.maxUploadBytes, sanitiseFileName(rawName ?? ''));
      rawName ??= upload.formFileName;
      const fileName = sanitiseFileName(rawName ?? '');
      const body = upload.bytes;
      if (body.length === 0) throw new EmptyInputError(fileName);
      const format = sniffImageFormat(body.subarray(0, sniffHeadBytes));
      if (!isSupportedInputFormat(format)) {
        const hint = curlDataHint(headerValue(event, 'content-type'));
        throw new UnsupportedFormatError(fileName, `${format ?? 'the content'} is not an accepted image; accepted: ${supportedInputFormats.join(', ')}${hint}`);
      }
      // A format this stack does not accept is refused first (415), before its header is read.
      const key = uploadKeyFor({ triggerPrefix: settings.triggerPrefix, fileName, format, allowedSuffixes: settings.allowedSuffixes, now: now(), id: newId() });
      // The process function's own header checks, so a file it would refuse is never stored.
      checkDecodeCost(body, format, fileName, settings.processing);
      const { contentType } = uploadFormats[format];
      await s3.send(
        new PutObjectCommand({
          Bucket: settings.uploadsBucket,
          Key: key,
          Body: body,
          ContentType: contentType,
          // S3 metadata is ASCII: the (sanitised) name is percent-encoded.
          ...(rawName !== undefined && { Metadata: { 'original-filename': encodeURIComponent(fileName) } }),
        }),
      );
      const reply: UploadReply = {
        key,
        bucket: settings.uploadsBucket,
        contentType,
        bytes: body.length,
        outputs: outputKeysFor(key, settings.processing, { triggerPrefix: settings.triggerPrefix, outputPrefix: settings.outputPrefix }),
      };
      logger.info('uploaded', { key, bytes: body.length, format, ms: elapsedMs(started) });
      return jsonResponse(201, reply);
    } catch (error) {
      const { response, expected } = errorResponse(error);
      if (expected) logger.info('upload refused', { status: response.statusCode, fileName: rawName, reason: (error as Error).message });
      else logger.error('upload failed', { fileName: rawName, error: error as Error });
      return response;
    }
  };
}
