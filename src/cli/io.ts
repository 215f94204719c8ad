/** Node file and console access for the CLI. */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CommandContext } from './commands.js';

/** The bundled default model (made by examples/hello_world with the project's own builder). */
export function defaultModelPath(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  // build/src/cli → repo root
  return join(here, '..', '..', '..', 'examples', 'hello_world', 'hello_world_int8.tflite');
}

export function nodeContext(): CommandContext {
  return {
    readFile: (p) => new Uint8Array(readFileSync(p)),
    writeFile: (p, data) => writeFileSync(p, typeof data === 'string' ? data : data),
    stdout: (s) => void process.stdout.write(s),
    stderr: (s) => void process.stderr.write(s),
    defaultModel: defaultModelPath(),
    isTTY: Boolean(process.stderr.isTTY),
  };
}
