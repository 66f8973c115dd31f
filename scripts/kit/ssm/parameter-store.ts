import { createHash } from 'node:crypto';

export type ParameterType = 'SecureString' | 'String';

/** One stored parameter; `version` counts from 1 and grows with each `set`. */
export interface StoredParameter {
  readonly name: string;
  readonly type: ParameterType;
  readonly value: string;
  readonly version: number;
  readonly lastModified: Date;
}

/** A parameter as SSM's JSON protocol returns it (`LastModifiedDate` in epoch seconds). */
export interface WireParameter {
  readonly Name: string;
  readonly Type: ParameterType;
  readonly Value: string;
  readonly Version: number;
  readonly ARN: string;
  readonly LastModifiedDate: number;
  readonly DataType: 'text';
}

/** The parameters of one emulated account and region. */
export class ParameterStore {
  private readonly parameters = new Map<string, StoredParameter>();

  constructor(
    private readonly region: string,
    private readonly accountId: string,
  ) {}

  /** Creates or overwrites `name`; a new value of an existing parameter keeps its type unless `type` is given. */
  set(name: string, value: string, type?: ParameterType): void {
    const previous = this.parameters.get(name);
    this.parameters.set(name, { name, value, type: type ?? previous?.type ?? 'SecureString', version: (previous?.version ?? 0) + 1, lastModified: new Date() });
  }

  get(name: string): StoredParameter | undefined {
    return this.parameters.get(name);
  }

  /** Every name, sorted (the order GetParametersByPath pages through). */
  names(): string[] {
    return [...this.parameters.keys()].sort();
  }

  /** `arn:aws:ssm:<region>:<account>:parameter/<name without its leading slash>`, as SSM writes it. */
  arn(name: string): string {
    return `arn:aws:ssm:${this.region}:${this.accountId}:parameter/${name.replace(/^\//, '')}`;
  }

  /**
   * The parameter as the API returns it. A SecureString read without decryption gives what AWS
   * gives: an opaque base64 ciphertext, never the value (here a stand-in derived from name and version).
   */
  toWire(parameter: StoredParameter, withDecryption: boolean): WireParameter {
    const hidden = parameter.type === 'SecureString' && !withDecryption;
    return {
      Name: parameter.name,
      Type: parameter.type,
      Value: hidden ? ciphertextPlaceholder(parameter) : parameter.value,
      Version: parameter.version,
      ARN: this.arn(parameter.name),
      LastModifiedDate: parameter.lastModified.getTime() / 1000,
      DataType: 'text',
    };
  }
}

/** KMS ciphertext blobs start with `AQICAH`; the rest is a digest, so it never reveals the value. */
function ciphertextPlaceholder(parameter: StoredParameter): string {
  return `AQICAH${createHash('sha256').update(`${parameter.name}#${parameter.version}`).digest('base64')}`;
}
