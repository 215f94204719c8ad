/** Person detection with TFLM's person_detect.tflite: image → 96×96 grayscale → int8 input → scores. */
import { AVERAGE_POOL_2D, CONV_2D, DEPTHWISE_CONV_2D, RESHAPE, SOFTMAX } from '../../src/kernels/index.js';
import { Model } from '../../src/model/reader.js';
import { Interpreter } from '../../src/runtime/interpreter.js';
import { OpResolver } from '../../src/runtime/resolver.js';
import { decodeImage, resizeGray } from './image.js';

/** Output indices of person_detect.tflite (TFLM's model_settings.h). */
export const NOT_A_PERSON = 0;
export const PERSON = 1;

export interface Detection {
  person: number;
  noPerson: number;
  /** Scores as probabilities (dequantized). */
  personProbability: number;
  isPerson: boolean;
}

export class PersonDetector {
  private readonly interp: Interpreter;

  constructor(modelBytes: Uint8Array) {
    const resolver = new OpResolver([AVERAGE_POOL_2D, CONV_2D, DEPTHWISE_CONV_2D, RESHAPE, SOFTMAX]);
    this.interp = new Interpreter(Model.fromBytes(modelBytes), resolver);
    this.interp.allocateTensors();
  }

  get inputSize(): { width: number; height: number } {
    const s = this.interp.input(0).shape;
    return { height: s[1]!, width: s[2]! };
  }

  /**
   * Run on an image file's bytes (BMP or PGM). The 8-bit gray bytes go into the int8 input unchanged, as TFLM's
   * person_detection test copies its image data (memcpy of the BMP pixels).
   */
  detectImage(bytes: Uint8Array): Detection {
    const { width, height } = this.inputSize;
    const img = resizeGray(decodeImage(bytes), width, height);
    return this.detectGray(img.pixels);
  }

  detectGray(pixels: Uint8Array): Detection {
    const input = this.interp.input(0);
    input.bytes.set(pixels.subarray(0, input.bytes.length));
    this.interp.invoke();
    const out = this.interp.output(0);
    const scores = out.data as Int8Array;
    const q = out.quantization!;
    const person = scores[PERSON]!;
    const noPerson = scores[NOT_A_PERSON]!;
    return { person, noPerson, personProbability: (person - q.zeroPoint[0]!) * q.scale[0]!, isPerson: person > noPerson };
  }
}
