/** Loading the micro_speech models from a directory (Node). */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MicroSpeech, MicroSpeechError } from './micro_speech.js';

export const PREPROCESSOR_FILE = 'audio_preprocessor_int8.tflite';
export const CLASSIFIER_FILE = 'micro_speech_quantized.tflite';

/** Both models from `dir` (TFLM's micro_speech/models, or any directory holding the two files). */
export function loadMicroSpeech(dir: string): MicroSpeech {
  const read = (file: string): Uint8Array => {
    const p = join(dir, file);
    if (!existsSync(p)) throw new MicroSpeechError(`${p} not found (the model directory must hold ${PREPROCESSOR_FILE} and ${CLASSIFIER_FILE})`);
    return new Uint8Array(readFileSync(p));
  };
  return new MicroSpeech(read(PREPROCESSOR_FILE), read(CLASSIFIER_FILE));
}
