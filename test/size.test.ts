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
  leaks(p: Pick<Probe, 'entry' | 'noKernels' | 'noConv'>): Promise<string[]>;
}

const size = (await import(pathToFileURL(join(REPO_ROOT, 'scripts', 'size.mjs')).href)) as SizeScript;
const probe = (entry: string) => size.probes.find((p) => p.entry === entry)!;

describe('bundle tree-shaking (scripts/size.mjs)', () => {
  test('the core runtime bundles no kernel module', async () => {
    assert.deepEqual(await size.leaks(probe('size/core.ts')), []);
  });

  test('the hello_world app bundles no convolution module or function', async () => {
    const p = probe('size/hello_world.ts');
    assert.equal(p.noConv, true);
    assert.deepEqual(await size.leaks(p), []);
  });

  test('the checks catch convolution code and kernels where they are (person_detect)', async () => {
    const conv = await size.leaks({ entry: 'size/person_detect.ts', noConv: true });
    assert.ok(conv.includes('src/kernels/conv_2d.ts') && conv.includes('src/kernels/depthwise_conv_2d.ts'), conv.join(', '));
    assert.ok(conv.some((l) => /^function convPerChannelInt8$/.test(l)), conv.join(', '));
    assert.ok(conv.some((l) => /^var CONV_2D$/.test(l)), conv.join(', '));
    const kernels = await size.leaks({ entry: 'size/person_detect.ts', noKernels: true });
    assert.ok(kernels.includes('src/kernels/softmax.ts'), kernels.join(', '));
  });
});
