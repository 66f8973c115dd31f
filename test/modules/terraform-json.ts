import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Testing } from 'cdktf';
import { getToHaveResourceWithProperties } from 'cdktf/lib/testing/matchers.js';
import type { Construct } from 'constructs';
import { expect } from 'vitest';

/** Helpers for asserting on synthesized Terraform JSON (cdk.tf.json), shared by module and stack tests. */

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Block = Record<string, any>;
export interface TerraformJson {
  readonly resource?: Record<string, Record<string, Block>>;
  readonly data?: Record<string, Record<string, Block>>;
  readonly output?: Record<string, Block>;
  readonly provider?: Record<string, Block[]>;
  readonly terraform?: Block;
}

/** A file standing in for a packaged function; construct tests never need the packager. */
export function dummyZip(name = 'function.zip', content = `zip bytes of ${name}`): string {
  const path = join(mkdtempSync(join(tmpdir(), 'pipeline-zip-')), name);
  writeFileSync(path, content);
  return path;
}

/** A stand-in zip per function, named `<function>-<architecture>.zip` like the packager's. */
export function dummyZips(architecture = 'arm64'): { process: string; upload: string; notify: string } {
  return {
    process: dummyZip(`process-${architecture}.zip`),
    upload: dummyZip(`upload-${architecture}.zip`),
    notify: dummyZip(`notify-${architecture}.zip`),
  };
}

export function synthScope(build: (scope: Construct) => void): TerraformJson {
  return JSON.parse(Testing.synthScope(build)) as TerraformJson;
}

/** Every resource of one type, keyed by logical name. */
export function resourcesOf(json: TerraformJson, type: string): Record<string, Block> {
  return json.resource?.[type] ?? {};
}

/** The one resource of a type; fails when there are none or several. */
export function onlyResource(json: TerraformJson, type: string): Block {
  const all = Object.values(resourcesOf(json, type));
  expect(all, `exactly one ${type}`).toHaveLength(1);
  return all[0] as Block;
}

/** cdktf's own matcher (partial, recursive match on some resource of the type), with its message on failure. */
export function expectResourceWithProperties(json: TerraformJson, type: string, properties: Block): void {
  const result = getToHaveResourceWithProperties()(JSON.stringify(json), { tfResourceType: type }, properties);
  expect(result.pass, result.message).toBe(true);
}

export interface FoundPolicy {
  readonly address: string;
  readonly attribute: string;
  readonly document: { Statement: PolicyStatementJson[] };
}
export interface PolicyStatementJson {
  Sid?: string;
  Effect: string;
  Principal?: unknown;
  Action: string | string[];
  Resource?: string | string[];
  Condition?: Record<string, Record<string, string | string[]>>;
}

/** Every attribute of every resource and data source that holds a JSON policy document. */
export function policyDocuments(json: TerraformJson): FoundPolicy[] {
  const found: FoundPolicy[] = [];
  for (const kind of ['resource', 'data'] as const) {
    for (const [type, byName] of Object.entries(json[kind] ?? {})) {
      for (const [name, block] of Object.entries(byName)) {
        for (const [attribute, value] of Object.entries(block)) {
          if (typeof value !== 'string' || !value.includes('"Statement"')) continue;
          const document = JSON.parse(value) as FoundPolicy['document'];
          found.push({ address: `${kind === 'data' ? 'data.' : ''}${type}.${name}`, attribute, document });
        }
      }
    }
  }
  return found;
}

export function listOf(value: string | string[] | undefined): string[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

/** Services whose resources AWS only lets you name as "*": CloudWatch Logs (delivery, resource policies) and X-Ray. */
const starResourceServices = ['logs:', 'xray:'];

/** Why an Allow statement is too broad, or undefined when it is not. */
export function breadthFault(address: string, statement: PolicyStatementJson): string | undefined {
  const actions = listOf(statement.Action);
  const wildcard = actions.find((action) => action === '*' || action.endsWith(':*'));
  if (wildcard !== undefined) return `allows the wildcard action ${wildcard}`;
  // A KMS key policy can only name its own key, as "*".
  if (address.startsWith('aws_kms_key.')) return undefined;
  const onStar = listOf(statement.Resource).includes('*');
  if (onStar && !actions.every((action) => starResourceServices.some((service) => action.startsWith(service)))) {
    return `allows ${actions.join(', ')} on "*"`;
  }
  return undefined;
}

/** The one policy statement with this Sid across the document. */
export function statementWithSid(policy: string, sid: string): PolicyStatementJson {
  const statements = (JSON.parse(policy) as FoundPolicy['document']).Statement.filter((s) => s.Sid === sid);
  expect(statements, `one statement ${sid}`).toHaveLength(1);
  return statements[0] as PolicyStatementJson;
}

/** The one resource of a type matching the predicate, with its logical name. */
export function theOne(json: TerraformJson, type: string, predicate: (block: Block) => boolean): [string, Block] {
  const found = Object.entries(resourcesOf(json, type)).filter(([, block]) => predicate(block));
  expect(found, `one ${type} matching`).toHaveLength(1);
  return found[0] as [string, Block];
}
