/** Inventory entries for the report and CBOM unit tests, shaped as `buildInventory` makes them. */
import type { CdkKeyDefinition, InventoryEntry } from '../../src/cli/inventory.js';

/** What a test says about one CDK `kms.Key` construct; `rotationPeriodDays` defaults to `null` (not known). */
export interface CdkKeyFacts {
  readonly id: string;
  /** Its line in `infra/stack.ts`. */
  readonly line: number;
  readonly rotation: CdkKeyDefinition['rotation'];
  readonly keySpec: string | null;
  readonly rotationPeriodDays?: number | null;
}

/**
 * The inventory entry of one `new kms.Key(this, id, …)` at `infra/stack.ts:line`: key `<id> (CDK kms.Key)`, one
 * `cdk-kms:Key` operation, no context, no algorithm.
 * @param facts the construct's id, line, rotation, key spec and rotation period
 */
export function makeCdkKeyEntry({ id, line, rotation, keySpec, rotationPeriodDays = null }: CdkKeyFacts): InventoryEntry {
  return {
    key: `${id} (CDK kms.Key)`,
    callSites: 1,
    operations: [{ operation: 'cdk-kms:Key', count: 1 }],
    encryptionContextKeySets: [],
    files: [{ file: 'infra/stack.ts', lines: [line] }],
    keyExpressions: [],
    algorithms: [],
    cdkKey: { construct: 'Key', id, rotation, rotationPeriodDays, keySpec },
  };
}
