import { KitConfigError } from '../../errors.js';
import type { DynamoTablePlan, TableKeyPlan } from '../kit-plan.js';
import type { StackModel } from '../stack-model.js';
import type { TfResource } from '../tf-json.js';
import { asArray, textField } from './blocks.js';

/** Arguments that change what the table holds or how it is read, which the kit does not build: refused by name. */
const unbuilt: readonly (readonly [string, string])[] = [
  ['global_secondary_index', 'global secondary indexes'],
  ['local_secondary_index', 'local secondary indexes'],
  ['stream_enabled', 'streams'],
  ['replica', 'replicas'],
  ['import_table', 'an import'],
  ['restore_source_name', 'a restore'],
  ['restore_source_table_arn', 'a restore'],
];

/**
 * `aws_dynamodb_table`: name and key schema, which is all CreateTable needs on dynalite. Billing,
 * point-in-time recovery, encryption and deletion protection are accepted and not enforced.
 */
export function loadDynamoTables(model: StackModel): DynamoTablePlan[] {
  return model.ofType('aws_dynamodb_table').map((r) => {
    for (const [field, what] of unbuilt) {
      const value = model.field(r, field);
      if (value !== undefined && value !== null && value !== false && !(Array.isArray(value) && value.length === 0)) {
        throw new KitConfigError(r.address, field, `the kit builds a table's keys only, not ${what}`);
      }
    }
    const name = textField(model, r, 'name');
    if (!name) throw new KitConfigError(r.address, 'name', 'the kit needs the table name');
    const hashKey = keyOf(model, r, 'hash_key');
    if (!hashKey) throw new KitConfigError(r.address, 'hash_key', 'the kit needs the partition key');
    const rangeKey = keyOf(model, r, 'range_key');
    return { address: r.address, name, arn: String(model.attribute(r.address, 'arn')), hashKey, ...(rangeKey ? { rangeKey } : {}) };
  });
}

/** A key attribute with its type from the `attribute` blocks; a key without a declared type is refused. */
function keyOf(model: StackModel, r: TfResource, field: 'hash_key' | 'range_key'): TableKeyPlan | undefined {
  const name = textField(model, r, field);
  if (!name) return undefined;
  const declared = asArray(model.field(r, 'attribute')).find((a) => a.name === name);
  const type = declared?.type;
  if (type !== 'S' && type !== 'N' && type !== 'B') {
    throw new KitConfigError(r.address, 'attribute', `${field} ${name} needs an attribute block of type S, N or B (found ${declared ? JSON.stringify(type) : 'none'})`);
  }
  return { name, type };
}
