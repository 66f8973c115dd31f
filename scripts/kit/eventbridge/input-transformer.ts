import { KitError } from '../errors.js';

/** What a target's input transformer is made of (`input_transformer` in the Terraform). */
export interface InputTransformerSpec {
  /** Variable name -> JSON path into the event (`$.detail.object.key`). */
  readonly inputPaths: Readonly<Record<string, string>>;
  readonly inputTemplate: string;
}

/** What the predefined `aws.events.*` variables are filled from. */
export interface TransformContext {
  readonly ruleArn: string;
  readonly ruleName: string;
  /** When the bus received the event. */
  readonly ingestionTime: Date;
}

/** A target input the transformer could not produce (the template rendered to invalid JSON). */
export class InputTransformError extends KitError {
  override readonly name = 'InputTransformError';
  constructor(message: string) {
    super('InputTransform', message);
  }
}

export type InputTransformer = (event: unknown, context: TransformContext) => string;

const predefinedVariables = ['aws.events.rule-arn', 'aws.events.rule-name', 'aws.events.event', 'aws.events.event.ingestion-time', 'aws.events.event.json'] as const;

/**
 * Compiles an input transformer as EventBridge applies it ("Amazon EventBridge input transformation"):
 * - a placeholder outside a JSON string (`"key": <key>`) is replaced by the value's JSON
 *   (a string arrives quoted and escaped, so any S3 key gives valid JSON);
 * - inside a JSON string (`"s3://<bucket>/<key>"`), or in a template that is not JSON, by the
 *   value's text, NOT escaped ("EventBridge doesn't escape values extracted by Input Path");
 * - a path missing from the event defines no variable (AWS: "that variable isn't created and won't
 *   appear in the output"): its unquoted placeholder becomes `null` (the kit's reading: valid JSON
 *   either way; AWS does not document the unquoted case exactly) and a quoted one the empty string;
 * - a JSON template's result is minified; one that is not valid JSON is an InputTransformError.
 * Paths are checked here (dot notation, dashes, array indices), and a placeholder naming no
 * variable is refused, so a typo is an error at start-up.
 */
export function compileInputTransformer(spec: InputTransformerSpec, where: string): InputTransformer {
  const paths = new Map<string, readonly (string | number)[]>();
  for (const [name, path] of Object.entries(spec.inputPaths)) {
    if (!/^[A-Za-z0-9_-]+$/.test(name)) throw new KitError('InputTransform', `${where}: input_paths key "${name}" must match [A-Za-z0-9_-]+`);
    paths.set(name, parseJsonPath(path, `${where}: input_paths.${name}`));
  }
  const template = spec.inputTemplate;
  for (const [, name] of template.matchAll(/<([^<>]*)>/g)) {
    if (!paths.has(name!) && !(predefinedVariables as readonly string[]).includes(name!)) {
      throw new KitError('InputTransform', `${where}: input_template uses <${name}>, which input_paths does not define`);
    }
  }
  const isJsonTemplate = /^\s*[{[]/.test(template);

  return (event, context) => {
    const values = new Map<string, unknown>();
    for (const [name, path] of paths) {
      const value = valueAt(event, path);
      if (value !== undefined) values.set(name, value);
    }
    values.set('aws.events.rule-arn', context.ruleArn);
    values.set('aws.events.rule-name', context.ruleName);
    values.set('aws.events.event', event);
    values.set('aws.events.event.ingestion-time', context.ingestionTime.toISOString());
    values.set('aws.events.event.json', JSON.stringify(event));
    if (!isJsonTemplate) return replacePlaceholders(template, () => true, values);
    const rendered = replacePlaceholders(template, insideJsonString(template), values);
    try {
      return JSON.stringify(JSON.parse(rendered));
    } catch (error) {
      throw new InputTransformError(`${where}: the input template rendered invalid JSON (${(error as Error).message}): ${rendered.slice(0, 300)}`);
    }
  };
}

function replacePlaceholders(template: string, quotedAt: (index: number) => boolean, values: ReadonlyMap<string, unknown>): string {
  return template.replace(/<([^<>]*)>/g, (_match, name: string, index: number) => {
    const value = values.get(name);
    if (quotedAt(index)) return value === undefined ? '' : typeof value === 'string' ? value : JSON.stringify(value);
    return value === undefined ? 'null' : JSON.stringify(value);
  });
}

/** For a JSON template: whether a position lies inside a string literal of the template. */
function insideJsonString(template: string): (index: number) => boolean {
  const quoted = new Uint8Array(template.length);
  let inString = false;
  for (let i = 0; i < template.length; i++) {
    const char = template[i];
    if (inString) {
      quoted[i] = 1;
      if (char === '\\') {
        quoted[i + 1] = 1;
        i++;
      } else if (char === '"') {
        inString = false;
      }
    } else if (char === '"') {
      inString = true;
    }
  }
  return (index) => quoted[index] === 1;
}

/** `$`, `$.a.b-c`, `$.list[0]`, `$['a']`: the JSON path forms EventBridge evaluates. */
export function parseJsonPath(path: string, where: string): (string | number)[] {
  if (!path.startsWith('$')) throw new KitError('InputTransform', `${where}: "${path}" is not a JSON path (it must start with $)`);
  const steps: (string | number)[] = [];
  const step = /^(?:\.([^.[\]]+)|\[(\d+)\]|\['([^']*)'\])/;
  let rest = path.slice(1);
  while (rest.length > 0) {
    const match = step.exec(rest);
    if (!match) throw new KitError('InputTransform', `${where}: the kit cannot evaluate the JSON path "${path}" (dot notation and [index] only)`);
    steps.push(match[2] !== undefined ? Number(match[2]) : (match[1] ?? match[3]!));
    rest = rest.slice(match[0].length);
  }
  return steps;
}

export function valueAt(value: unknown, path: readonly (string | number)[]): unknown {
  let current = value;
  for (const step of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string | number, unknown>)[step];
  }
  return current;
}
