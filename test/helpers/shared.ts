/**
 * Access to ../shared (real models and C++ TFLM golden outputs). A user's fresh clone has no ../shared: tests
 * that use it skip with a clear message then.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

function findRepoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    dir = dirname(dir);
  }
  throw new Error('repo root not found');
}

export const REPO_ROOT = findRepoRoot();
export const SHARED_DIR = process.env.TFLM_SHARED ? resolve(process.env.TFLM_SHARED) : resolve(REPO_ROOT, '..', 'shared');
export const HAVE_SHARED = existsSync(join(SHARED_DIR, 'models')) && existsSync(join(SHARED_DIR, 'golden'));
export const SKIP_SHARED = HAVE_SHARED ? false : `../shared not found at ${SHARED_DIR} (real models and goldens are not part of the repo)`;

export function sharedModel(rel: string): Uint8Array {
  return new Uint8Array(readFileSync(join(SHARED_DIR, 'models', rel)));
}

export interface GoldenTensor {
  shape: number[];
  type: string;
  bytes: number;
  scale?: number;
  zero_point?: number;
  name?: string;
}

export interface GoldenCase {
  name: string;
  steps: number;
  input_bytes: number;
  output_bytes: number;
}

export interface GoldenMeta {
  stem: string;
  model: string;
  status: string;
  dtype: string;
  stateful: boolean;
  ops: Record<string, number>;
  cases: GoldenCase[];
  arena_used_bytes: number;
  invoke_us_median: number;
  inputs: GoldenTensor[];
  outputs: GoldenTensor[];
}

export function goldenIndex(): { stem: string; model: string; status: string }[] {
  return JSON.parse(readFileSync(join(SHARED_DIR, 'golden', 'index.json'), 'utf8'));
}

export function goldenMeta(stem: string): GoldenMeta {
  return JSON.parse(readFileSync(join(SHARED_DIR, 'golden', stem, 'meta.json'), 'utf8'));
}

export function goldenFile(stem: string, file: string): Uint8Array {
  return new Uint8Array(readFileSync(join(SHARED_DIR, 'golden', stem, file)));
}

export function goldenHas(stem: string, file: string): boolean {
  return existsSync(join(SHARED_DIR, 'golden', stem, file));
}
