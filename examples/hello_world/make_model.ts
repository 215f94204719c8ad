/**
 * `npm run example:hello_world:train`: train, quantize and write examples/hello_world/hello_world_{int8,float}.tflite,
 * then run both with the interpreter and report their mean absolute error against sin(x).
 */
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { floatModel, int8Model } from './model.js';
import { evaluate } from './run.js';
import { quantizeMlp, sineData, train } from './train.js';

const here = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'examples', 'hello_world');
const SEED = 1;
const data = sineData(1000, SEED);
const t0 = Date.now();
const mlp = train(data, { seed: SEED, epochs: 500 });
const layers = quantizeMlp(mlp, data.x);
const int8 = int8Model(layers);
const float = floatModel(mlp);
writeFileSync(join(here, 'hello_world_int8.tflite'), int8);
writeFileSync(join(here, 'hello_world_float.tflite'), float);
console.log(`trained in ${((Date.now() - t0) / 1000).toFixed(1)} s; wrote hello_world_int8.tflite (${int8.length} bytes), hello_world_float.tflite (${float.length} bytes)`);
console.log(`mean |error| vs sin(x) on 1000 evenly spaced x in [0, 2π): float ${evaluate(float).mae.toFixed(4)}, int8 ${evaluate(int8).mae.toFixed(4)}`);
