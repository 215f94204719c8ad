/**
 * `npm run demo`: run the bundled hello_world int8 model (trained and quantized in TypeScript by make_model.ts)
 * on a few x values; print its input and output tensors, a table of x, prediction and sin(x), and a plot.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FULLY_CONNECTED } from '../../src/kernels/fully_connected.js';
import { Model } from '../../src/model/reader.js';
import { tensorTypeName } from '../../src/model/types.js';
import { Interpreter } from '../../src/runtime/interpreter.js';
import { OpResolver } from '../../src/runtime/resolver.js';
import { sineModel } from './run.js';

const path = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'examples', 'hello_world', 'hello_world_int8.tflite');
const bytes = new Uint8Array(readFileSync(path));
const interp = new Interpreter(Model.fromBytes(bytes), new OpResolver([FULLY_CONNECTED]));
interp.allocateTensors();
const describe = (t: ReturnType<typeof interp.input>) =>
  `${JSON.stringify(t.name)} ${tensorTypeName(t.type)} [${Array.from(t.shape).join(',')}] scale=${t.quantization?.scale[0]?.toPrecision(6)} zero_point=${t.quantization?.zeroPoint[0]}`;
console.log(`model: examples/hello_world/hello_world_int8.tflite (${bytes.length} bytes, arena ${interp.arenaUsedBytes} bytes)`);
console.log(`input 0:  ${describe(interp.input(0))}`);
console.log(`output 0: ${describe(interp.output(0))}\n`);

const f = sineModel(bytes);
console.log('     x   int8 model      sin(x)');
const points: [number, number][] = [];
for (let i = 0; i <= 12; i++) {
  const x = (i / 12) * 2 * Math.PI;
  const y = f(x);
  points.push([x, y]);
  console.log(`${x.toFixed(3).padStart(6)}   ${y.toFixed(4).padStart(10)}  ${Math.sin(x).toFixed(4).padStart(10)}`);
}

// Terminal plot: '*' model, '.' sin(x).
const W = 64;
const H = 15;
const grid = Array.from({ length: H }, () => new Array<string>(W).fill(' '));
const row = (y: number) => Math.max(0, Math.min(H - 1, Math.round(((1.2 - y) / 2.4) * (H - 1))));
for (let c = 0; c < W; c++) {
  const x = (c / (W - 1)) * 2 * Math.PI;
  grid[row(Math.sin(x))]![c] = '.';
  grid[row(f(x))]![c] = '*';
}
console.log(`\n${grid.map((r) => `  |${r.join('')}`).join('\n')}\n  +${'-'.repeat(W)}\n   0${' '.repeat(W - 6)}2π    (* model, . sin x)`);
