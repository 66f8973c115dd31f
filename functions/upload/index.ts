// The upload function's logic without its module-scope wiring (handler.ts reads the environment).
export { createUploadHandler, type UploadDeps, type UploadHandler, type UploadReply } from './create-handler.js';
export { readUploadSettings, type UploadSettings } from './settings.js';
export { sanitiseFileName, maxFileNameLength } from './file-name.js';
export { uploadKeyFor } from './upload-key.js';
export { statusByErrorCode } from './responses.js';
export { MissingBodyError, BadHeaderError, BadFormError, UnsupportedMediaTypeError } from './errors.js';
