/** `node build/examples/person_detection/main.js MODEL IMAGE...`: print person / no-person scores per image. */
import { readFileSync } from 'node:fs';
import { PersonDetector } from './detect.js';

const [modelPath, ...images] = process.argv.slice(2);
if (!modelPath || images.length === 0) {
  console.error('usage: person_detection MODEL.tflite IMAGE.(bmp|pgm)...');
  process.exit(2);
}
try {
  const detector = new PersonDetector(new Uint8Array(readFileSync(modelPath)));
  for (const path of images) {
    const d = detector.detectImage(new Uint8Array(readFileSync(path)));
    console.log(`${path}: ${d.isPerson ? 'person' : 'no person'} (person score ${d.person}, no-person score ${d.noPerson}, p(person)=${d.personProbability.toFixed(3)})`);
  }
} catch (e) {
  console.error(`person_detection: ${(e as Error).message}`);
  process.exit(1);
}
