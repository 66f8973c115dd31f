import { ExpressionError, KitConfigError } from '../errors.js';
import { computedAttributes, syntheticId, type EmulatedEnvironment, type ResourceView } from './attributes.js';
import { evaluate } from './expression-evaluator.js';
import { hasInterpolation, parseTemplate } from './expression-parser.js';
import { listResources, type TfJson, type TfResource } from './tf-json.js';

/**
 * The synthesized stack with a resolver for its expressions: arguments and references resolve to
 * the values the emulator gives them (names, ARNs, queue URLs, the account id `000000000000`).
 */
export class StackModel {
  readonly resources: readonly TfResource[];
  private readonly byAddress: ReadonlyMap<string, TfResource>;
  private readonly resolving = new Set<string>();

  constructor(
    readonly tf: TfJson,
    readonly env: EmulatedEnvironment,
  ) {
    this.resources = listResources(tf);
    this.byAddress = new Map(this.resources.map((r) => [r.address, r]));
  }

  get(address: string): TfResource | undefined {
    return this.byAddress.get(address);
  }

  ofType(type: string): TfResource[] {
    return this.resources.filter((r) => r.mode === 'managed' && r.type === type);
  }

  /** A resource's argument with every expression in it resolved. */
  field(resource: TfResource, name: string): unknown {
    return this.resolve(resource.config[name], `${resource.address}.${name}`);
  }

  /** Deep-resolves a value of the Terraform JSON; `where` names it in errors. */
  resolve(value: unknown, where: string): unknown {
    if (typeof value === 'string') {
      if (!hasInterpolation(value)) return value.replaceAll('$${', '${');
      try {
        return evaluate(parseTemplate(value), (path) => this.lookup(path));
      } catch (error) {
        if (error instanceof KitConfigError) throw error;
        throw new KitConfigError(where, '', (error as Error).message);
      }
    }
    if (Array.isArray(value)) return value.map((item, i) => this.resolve(item, `${where}[${i}]`));
    if (value !== null && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, this.resolve(v, `${where}.${k}`)]));
    }
    return value;
  }

  /** An attribute of a resource, as Terraform would know it after apply. */
  attribute(address: string, attribute: string): unknown {
    const resource = this.byAddress.get(address);
    if (!resource) throw new ExpressionError(`${address}.${attribute}`, `${address} is not declared in the stack`);
    const key = `${address}.${attribute}`;
    if (this.resolving.has(key)) throw new ExpressionError(key, 'the reference is circular');
    this.resolving.add(key);
    try {
      const table = computedAttributes[resource.mode === 'data' ? `data.${resource.type}` : resource.type];
      const computed = table?.[attribute];
      if (computed) return computed(this.view(resource));
      if (attribute in resource.config) return this.field(resource, attribute);
      if (attribute === 'id') return syntheticId(address);
      throw new ExpressionError(key, `the kit does not know the attribute ${attribute} of ${resource.type}`);
    } finally {
      this.resolving.delete(key);
    }
  }

  /** The stack's outputs, resolved; an output the kit cannot resolve holds its error message. */
  outputs(): Record<string, { value?: unknown; error?: string; sensitive: boolean }> {
    const out: Record<string, { value?: unknown; error?: string; sensitive: boolean }> = {};
    for (const [name, output] of Object.entries(this.tf.output ?? {})) {
      try {
        out[name] = { value: this.resolve(output.value, `output.${name}`), sensitive: output.sensitive === true };
      } catch (error) {
        out[name] = { error: (error as Error).message, sensitive: output.sensitive === true };
      }
    }
    return out;
  }

  private view(resource: TfResource): ResourceView {
    return {
      address: resource.address,
      env: this.env,
      field: (name) => this.field(resource, name),
      ref: (address, attribute) => this.attribute(address, attribute),
    };
  }

  /** A variable as `terraform apply` without `-var` sees it: its default (the local stack's endpoint). */
  private variableDefault(name: string): unknown {
    const declared = (this.tf.variable as Record<string, { default?: unknown }> | undefined)?.[name];
    if (declared?.default === undefined) throw new ExpressionError(`var.${name}`, declared ? 'the variable has no default, which the local kit needs' : 'the variable is not declared in the stack');
    return declared.default;
  }

  private lookup(path: readonly (string | number)[]): unknown {
    const [head, ...rest] = path.map(String);
    if (head === 'data') {
      const [type, name, attribute, ...deeper] = rest;
      if (!type || !name || !attribute) throw new ExpressionError(path.join('.'), 'incomplete data source reference');
      return dig(this.attribute(`data.${type}.${name}`, attribute), deeper);
    }
    if (head === 'var' && rest.length === 1) return this.variableDefault(rest[0]!);
    if (head === 'var' || head === 'local' || head === 'each' || head === 'count' || head === 'module') {
      throw new ExpressionError(path.join('.'), `${head}.* references are not supported by the local kit`);
    }
    const [name, attribute, ...deeper] = rest;
    if (!head || !name || !attribute) throw new ExpressionError(path.join('.'), 'incomplete resource reference');
    return dig(this.attribute(`${head}.${name}`, attribute), deeper);
  }
}

function dig(value: unknown, path: readonly string[]): unknown {
  let current = value;
  for (const step of path) {
    if (current === null || typeof current !== 'object') throw new ExpressionError(path.join('.'), 'cannot index into a scalar');
    current = (current as Record<string, unknown>)[step];
  }
  return current;
}
