// The compact name tables (one string each, split at first use) agree with the enums they name.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { BuiltinOperator, builtinOperatorName } from '../../src/model/schema.js';
import { TensorType, tensorTypeName } from '../../src/model/types.js';

describe('schema name tables', () => {
  test('builtinOperatorName matches every BuiltinOperator member, unknown codes get BUILTIN_<n>', () => {
    const members = Object.entries(BuiltinOperator).filter(([, v]) => typeof v === 'number') as [string, number][];
    assert.ok(members.length >= 210);
    for (const [name, code] of members) assert.equal(builtinOperatorName(code), name);
    assert.equal(builtinOperatorName(members.length), `BUILTIN_${members.length}`);
    assert.equal(builtinOperatorName(-1), 'BUILTIN_-1');
    assert.equal(builtinOperatorName(1.5), 'BUILTIN_1.5');
  });

  test('tensorTypeName matches every TensorType member, unknown codes get TYPE_<n>', () => {
    const members = Object.entries(TensorType).filter(([, v]) => typeof v === 'number') as [string, number][];
    for (const [name, code] of members) assert.equal(tensorTypeName(code), name);
    assert.equal(tensorTypeName(99), 'TYPE_99');
    assert.equal(tensorTypeName(-1), 'TYPE_-1');
  });
});
