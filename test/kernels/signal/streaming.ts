/**
 * Step generators reproducing TFLM's streaming test drivers (framer_test.cc TestFramerInvoke,
 * overlap_add_test.cc TestOverlapAddInvoke): they turn TFLM's golden arrays into per-invoke inputs and outputs.
 */
import type { StreamStep } from './helpers.js';

/** TestFramerInvoke: feed golden[latency + i ..] to every outer index, expect frames golden[i + f * step ..]. */
export function framerSteps(
  golden: number[],
  o: { frameSize: number; frameStep: number; prefill: boolean; inputSize: number; outerDims: number; nFrames: number },
): StreamStep[] {
  const latency = o.frameSize - o.frameStep;
  const steps: StreamStep[] = [];
  for (let i = 0; i < golden.length - latency; i += o.inputSize) {
    const chunk = golden.slice(latency + i, latency + i + o.inputSize);
    const input: number[] = [];
    for (let d = 0; d < o.outerDims; d++) input.push(...chunk);
    const ready = i >= latency || o.prefill;
    let frames: number[] | undefined;
    if (ready) {
      frames = [];
      for (let d = 0; d < o.outerDims; d++)
        for (let f = 0; f < o.nFrames; f++) frames.push(...golden.slice(i + f * o.frameStep, i + f * o.frameStep + o.frameSize));
    }
    steps.push({ inputs: [input], outputs: [frames, [ready ? 1 : 0]] });
  }
  return steps;
}

/** TestOverlapAddInvoke: iteration i feeds golden_input[i * n_frames * frame_size ..] to every outer index. */
export function overlapAddSteps(
  goldenInput: number[],
  goldenOutput: number[],
  o: { frameSize: number; frameStep: number; nFrames: number; outerDims: number; iters: number },
): StreamStep[] {
  const steps: StreamStep[] = [];
  for (let i = 0; i < o.iters; i++) {
    const inChunk = goldenInput.slice(i * o.nFrames * o.frameSize, (i + 1) * o.nFrames * o.frameSize);
    const outChunk = goldenOutput.slice(i * o.nFrames * o.frameStep, (i + 1) * o.nFrames * o.frameStep);
    const input: number[] = [];
    const output: number[] = [];
    for (let d = 0; d < o.outerDims; d++) {
      input.push(...inChunk);
      output.push(...outChunk);
    }
    steps.push({ inputs: [input], outputs: [output] });
  }
  return steps;
}
