import { render } from 'velocityjs';
import { parseJsonPath, valueAt } from '../eventbridge/input-transformer.js';
import { javaStringMethods } from './java-string.js';
import { vtlUtil } from './vtl-util.js';

/** The request (or integration response) a mapping template reads through `$input`. */
export interface TemplateInput {
  /** The body as text. */
  readonly body: string;
  readonly params?: { readonly path?: Readonly<Record<string, string>>; readonly querystring?: Readonly<Record<string, string>>; readonly header?: Readonly<Record<string, string>> };
}

/**
 * Renders an API Gateway mapping template with velocityjs: `$input` (`body`, `json(path)`,
 * `path(path)`, `params()`), `$util`, `$context`, `$stageVariables`, and strings that behave as
 * Java's (`replaceAll` with a Java regex, `replace` of every occurrence, `matches`, `length()`).
 */
export function renderMappingTemplate(template: string, input: TemplateInput, context: Record<string, unknown>, stageVariables: Record<string, string> = {}): string {
  let parsed: unknown;
  let parsedOnce = false;
  const document = (): unknown => {
    if (!parsedOnce) {
      parsedOnce = true;
      try {
        parsed = input.body === '' ? {} : (JSON.parse(input.body) as unknown);
      } catch {
        parsed = undefined;
      }
    }
    return parsed;
  };
  const at = (path: unknown): unknown => valueAt(document(), parseJsonPath(String(path), 'mapping template'));
  const params = { path: input.params?.path ?? {}, querystring: input.params?.querystring ?? {}, header: input.params?.header ?? {} };
  const $input = {
    body: input.body,
    /** The value at a JSON path as JSON text (an absent value as an empty string). */
    json: (path: unknown): string => {
      const value = at(path);
      return value === undefined ? '' : JSON.stringify(value);
    },
    path: (path: unknown): unknown => at(path),
    params: (name?: unknown): unknown => {
      if (name === undefined) return params;
      const key = String(name);
      return params.path[key] ?? params.querystring[key] ?? Object.entries(params.header).find(([h]) => h.toLowerCase() === key.toLowerCase())?.[1] ?? '';
    },
  };
  return render(template, { input: $input, util: vtlUtil, context, stageVariables }, {}, {
    customMethodHandlers: [
      {
        uid: 'java-string',
        match: ({ property, context: self }) => typeof self === 'string' && Object.hasOwn(javaStringMethods, property),
        resolve: ({ property, context: self, params: args }) => javaStringMethods[property]!(self as string, ...(args as unknown[])),
      },
    ],
  });
}
