// Tree-shaking, as `npm run size` checks it (scripts/size.mjs): the core bundles no kernel, the hello_world app
// (FULLY_CONNECTED only) no convolution code; and the checks do catch what they look for.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, test } from 'node:test';
import { REPO_ROOT } from './helpers/shared.js';

interface Probe {
  name: string;
  entry: string;
  budget(): number;
  noKernels?: boolean;
  noConv?: boolean;
}
interface SizeScript {
  probes: Probe[];
  ENUM_TABLES: RegExp;
  leaks(p: Pick<Probe, 'entry' | 'noKernels' | 'noConv'>): Promise<string[]>;
}

const size = (await import(pathToFileURL(join(REPO_ROOT, 'scripts', 'size.mjs')).href)) as SizeScript;
const probe = (entry: string) => size.probes.find((p) => p.entry === entry)!;

describe('bundle tree-shaking (scripts/size.mjs)', () => {
  test('the core runtime bundles no kernel module', async () => {
    assert.deepEqual(await size.leaks(probe('build/size/core.js')), []);
  });

  test('the hello_world app bundles no convolution module or function', async () => {
    const p = probe('build/size/hello_world.js');
    assert.equal(p.noConv, true);
    assert.deepEqual(await size.leaks(p), []);
  });

  test('the enum-table check catches the tables as TypeScript emits them, minified or not', () => {
    const find = (code: string) => [...code.matchAll(size.ENUM_TABLES)].length;
    assert.equal(find('(function(e){e[e.ADD=0]="ADD",e[e.AVERAGE_POOL_2D=1]="AVERAGE_POOL_2D"})(x||(x={}))'), 1);
    assert.equal(find('TensorType[TensorType["COMPLEX128"] = 11] = "COMPLEX128";'), 1);
    assert.equal(find('const op = 1 /* AVERAGE_POOL_2D */; msg("COMPLEX128")'), 0);
  });

  test('the checks catch convolution code and kernels where they are (person_detect)', async () => {
    const conv = await size.leaks({ entry: 'build/size/person_detect.js', noConv: true });
    assert.ok(conv.includes('build/src/kernels/conv_2d.js') && conv.includes('build/src/kernels/depthwise_conv_2d.js'), conv.join(', '));
    assert.ok(conv.some((l) => /^function convPerChannelInt8$/.test(l)), conv.join(', '));
    assert.ok(conv.some((l) => /^var CONV_2D$/.test(l)), conv.join(', '));
    const kernels = await size.leaks({ entry: 'build/size/person_detect.js', noKernels: true });
    assert.ok(kernels.includes('build/src/kernels/softmax.js'), kernels.join(', '));
  });
});
