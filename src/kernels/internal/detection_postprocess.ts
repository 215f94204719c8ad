/**
 * TFLM's TFLite_Detection_PostProcess (micro/kernels/detection_postprocess.cc): box decoding against anchors,
 * then fast (per-anchor best classes) or regular (per-class) non-max suppression. Every float expression follows
 * the C++ one: decoding in double rounded to float32, IoU in float32; the sorts are TFLM's own (a stable merge
 * sort with insertion sort below 20 elements, and std::partial_sort's ordering: score descending, then index
 * ascending), so equal scores keep TFLM's order. All working arrays are scratch buffers; nothing allocates.
 */
import type { ScratchBuffer } from '../../runtime/kernel.js';

export interface DetectionParams {
  maxDetections: number;
  maxClassesPerDetection: number;
  detectionsPerClass: number;
  scoreThreshold: number;
  iouThreshold: number;
  numClasses: number;
  useRegularNms: boolean;
  yScale: number;
  xScale: number;
  hScale: number;
  wScale: number;
  numBoxes: number;
  /** Floats per box encoding (dims[2] of the encodings, >= 4). */
  boxStride: number;
  /** Scores per anchor (dims[2] of the class predictions): num_classes, or num_classes + 1 with a background class. */
  classesWithBackground: number;
}

/** The scratch buffers (requested in prepare; their views are read at invoke). */
export interface DetectionScratch {
  decoded: ScratchBuffer;
  active: ScratchBuffer;
  keepScores: ScratchBuffer;
  keepIndices: ScratchBuffer;
  sortScratch: ScratchBuffer;
  sortedIndices: ScratchBuffer;
  sortedValues: ScratchBuffer;
  classScores: ScratchBuffer;
  boxIndices: ScratchBuffer;
  scoresAfter: ScratchBuffer;
  selected: ScratchBuffer;
}

/** Outputs, and a status the caller turns into a KernelError. */
export const DetectionStatus = { OK: 0, INVALID_BOXES: 1, OUTPUT_TOO_SMALL: 2 } as const;

/** Decode center-size encodings with the anchors (y, x, h, w rows) into corner boxes (ymin, xmin, ymax, xmax). */
export function decodeBoxes(p: DetectionParams, encodings: Float32Array, anchors: Float32Array, decoded: Float32Array): void {
  const f = Math.fround;
  const { yScale, xScale, hScale, wScale, boxStride } = p;
  for (let i = 0; i < p.numBoxes; i++) {
    const e = i * boxStride;
    const a = i * 4;
    const ah = anchors[a + 2]!;
    const aw = anchors[a + 3]!;
    // (double) arithmetic, one rounding to float at the end (std::exp on a double).
    const yc = f((encodings[e]! / yScale) * ah + anchors[a]!);
    const xc = f((encodings[e + 1]! / xScale) * aw + anchors[a + 1]!);
    const hh = f(0.5 * Math.exp(encodings[e + 2]! / hScale) * ah);
    const hw = f(0.5 * Math.exp(encodings[e + 3]! / wScale) * aw);
    decoded[a] = yc - hh;
    decoded[a + 1] = xc - hw;
    decoded[a + 2] = yc + hh;
    decoded[a + 3] = xc + hw;
  }
}

function validBoxes(decoded: Float32Array, n: number): boolean {
  for (let i = 0; i < n; i++) {
    const a = i * 4;
    if (decoded[a]! >= decoded[a + 2]! || decoded[a + 1]! >= decoded[a + 3]!) return false;
  }
  return true;
}

/**
 * ComputeIntersectionOverUnion in float32 (std::max / std::min<float> semantics), compared with the IoU
 * threshold here: a boolean result, because a float returned from a call V8 does not inline is boxed (an
 * allocation per box pair).
 */
function iouAboveThreshold(p: DetectionParams, d: Float32Array, i: number, j: number): boolean {
  const f = Math.fround;
  const a = i * 4;
  const b = j * 4;
  const areaI = f(f(d[a + 2]! - d[a]!) * f(d[a + 3]! - d[a + 1]!));
  const areaJ = f(f(d[b + 2]! - d[b]!) * f(d[b + 3]! - d[b + 1]!));
  if (areaI <= 0 || areaJ <= 0) return 0 > p.iouThreshold;
  const ymin = d[a]! < d[b]! ? d[b]! : d[a]!;
  const xmin = d[a + 1]! < d[b + 1]! ? d[b + 1]! : d[a + 1]!;
  const ymax = d[b + 2]! < d[a + 2]! ? d[b + 2]! : d[a + 2]!;
  const xmax = d[b + 3]! < d[a + 3]! ? d[b + 3]! : d[a + 3]!;
  const h = f(ymax - ymin);
  const w = f(xmax - xmin);
  const inter = f((h < 0 ? 0 : h) * (w < 0 ? 0 : w));
  return f(inter / f(f(areaI + areaJ) - inter)) > p.iouThreshold;
}

/** TFLM's InsertionSort (std::upper_bound + rotate) of a[s, e) by values[x] > values[y]. */
function insertionSort(a: Int32Array, s: number, e: number, values: Float32Array): void {
  for (let i = s; i < e; i++) {
    const v = a[i]!;
    const vv = values[v]!;
    let first = s;
    let len = i - s;
    while (len > 0) {
      const half = len >> 1;
      const mid = first + half;
      if (vv > values[a[mid]!]!) len = half;
      else {
        first = mid + 1;
        len = len - half - 1;
      }
    }
    for (let k = i; k > first; k--) a[k] = a[k - 1]!;
    a[first] = v;
  }
}

/** TFLM's MergeSort (threshold 20) + TopDownMerge of a[s, s + n). */
function mergeSort(a: Int32Array, s: number, n: number, scratch: Int32Array, values: Float32Array): void {
  if (n < 20) {
    insertionSort(a, s, s + n, values);
    return;
  }
  const half = n >> 1;
  mergeSort(a, s, half, scratch, values);
  mergeSort(a, s + half, n - half, scratch, values);
  let left = 0;
  let right = half;
  for (let i = 0; i < n; i++) {
    if (left >= half || (right < n && values[a[s + right]!]! > values[a[s + left]!]!)) scratch[i] = a[s + right++]!;
    else scratch[i] = a[s + left++]!;
  }
  for (let i = 0; i < n; i++) a[s + i] = scratch[i]!;
}

/**
 * DecreasingPartialArgSort: indices[at, at + n) become the first `k` indices 0..n-1 in std::partial_sort's
 * order (value descending, then index ascending); the rest of the range holds the others in no useful order
 * (TFLM leaves them unspecified and never reads them).
 */
function partialArgSort(values: Float32Array, vAt: number, n: number, k: number, indices: Int32Array, at: number): void {
  for (let i = 0; i < n; i++) indices[at + i] = i;
  if (k <= 0) return;
  // Selection of the top k by insertion into the sorted prefix [at, at + k).
  let filled = 0;
  for (let i = 0; i < n; i++) {
    const v = values[vAt + i]!;
    if (filled === k) {
      const last = indices[at + k - 1]!;
      const lv = values[vAt + last]!;
      if (!(v > lv || (v === lv && i < last))) continue;
      // Swap the evicted index into i's slot (keeps every index present).
      indices[at + i] = last;
      filled--;
    }
    let p = at + filled;
    while (p > at) {
      const q = indices[p - 1]!;
      const qv = values[vAt + q]!;
      if (v > qv || (v === qv && i < q)) {
        indices[p] = q;
        p--;
      } else break;
    }
    indices[p] = i;
    filled++;
  }
}

/**
 * NonMaxSuppressionSingleClassHelper: scores >= threshold, sorted decreasing (stable), greedily kept unless
 * their IoU with a kept box exceeds the threshold; at most `maxDetections`. Returns the number selected, or -1
 * when some decoded box is empty (TFLM fails the op).
 */
function nmsSingleClass(p: DetectionParams, b: DetectionScratch, scores: Float32Array, selected: Int32Array, maxDetections: number): number {
  const n = p.numBoxes;
  const decoded = b.decoded.f32;
  if (!validBoxes(decoded, n)) return -1;
  const threshold = p.scoreThreshold;
  const keepScores = b.keepScores.f32;
  const keepIndices = b.keepIndices.i32;
  let kept = 0;
  for (let i = 0; i < n; i++) {
    if (scores[i]! >= threshold) {
      keepScores[kept] = scores[i]!;
      keepIndices[kept] = i;
      kept++;
    }
  }
  const sorted = b.sortedIndices.i32;
  for (let i = 0; i < kept; i++) sorted[i] = i;
  mergeSort(sorted, 0, kept, b.sortScratch.i32, keepScores);
  const outputSize = Math.min(kept, maxDetections);
  let count = 0;
  let activeCount = kept;
  const active = b.active.u8;
  for (let i = 0; i < kept; i++) active[i] = 1;
  for (let i = 0; i < kept; i++) {
    if (activeCount === 0 || count >= outputSize) break;
    if (active[i] !== 1) continue;
    const bi = keepIndices[sorted[i]!]!;
    selected[count++] = bi;
    active[i] = 0;
    activeCount--;
    for (let j = i + 1; j < kept; j++) {
      if (active[j] === 1 && iouAboveThreshold(p, decoded, bi, keepIndices[sorted[j]!]!)) {
        active[j] = 0;
        activeCount--;
      }
    }
  }
  return count;
}

function writeBox(decoded: Float32Array, from: number, boxes: Float32Array, to: number): void {
  boxes[to * 4] = decoded[from * 4]!;
  boxes[to * 4 + 1] = decoded[from * 4 + 1]!;
  boxes[to * 4 + 2] = decoded[from * 4 + 2]!;
  boxes[to * 4 + 3] = decoded[from * 4 + 3]!;
}

/** NonMaxSuppressionMultiClassRegularHelper: writes all maxDetections output slots (zeros past the detections). */
export function nmsRegular(
  p: DetectionParams, b: DetectionScratch, scores: Float32Array,
  boxes: Float32Array, classes: Float32Array, outScores: Float32Array, num: Float32Array,
): number {
  const { numBoxes, numClasses, maxDetections } = p;
  const ncwb = p.classesWithBackground;
  const labelOffset = ncwb - numClasses;
  const classScores = b.classScores.f32;
  const boxIndices = b.boxIndices.i32;
  const scoresAfter = b.scoresAfter.f32;
  const sortedIndices = b.sortedIndices.i32;
  const sortedValues = b.sortedValues.f32;
  const selected = b.selected.i32;
  const decoded = b.decoded.f32;
  let sizeOfSorted = 0;
  for (let col = 0; col < numClasses; col++) {
    for (let row = 0; row < numBoxes; row++) classScores[row] = scores[row * ncwb + col + labelOffset]!;
    const selectedSize = nmsSingleClass(p, b, classScores, selected, p.detectionsPerClass);
    if (selectedSize < 0) return DetectionStatus.INVALID_BOXES;
    let outputIndex = sizeOfSorted;
    for (let i = 0; i < selectedSize; i++) {
      const s = selected[i]!;
      boxIndices[outputIndex] = s * ncwb + col + labelOffset;
      scoresAfter[outputIndex] = classScores[s]!;
      outputIndex++;
    }
    const toSort = Math.min(outputIndex, maxDetections);
    partialArgSort(scoresAfter, 0, outputIndex, toSort, sortedIndices, 0);
    for (let row = 0; row < toSort; row++) {
      const t = sortedIndices[row]!;
      sortedIndices[row] = boxIndices[t]!;
      sortedValues[row] = scoresAfter[t]!;
    }
    for (let row = 0; row < toSort; row++) {
      boxIndices[row] = sortedIndices[row]!;
      scoresAfter[row] = sortedValues[row]!;
    }
    sizeOfSorted = toSort;
  }
  for (let o = 0; o < maxDetections; o++) {
    if (o < sizeOfSorted) {
      const anchor = Math.floor(boxIndices[o]! / ncwb);
      writeBox(decoded, anchor, boxes, o);
      classes[o] = boxIndices[o]! - anchor * ncwb - labelOffset;
      outScores[o] = scoresAfter[o]!;
    } else {
      boxes[o * 4] = 0;
      boxes[o * 4 + 1] = 0;
      boxes[o * 4 + 2] = 0;
      boxes[o * 4 + 3] = 0;
      classes[o] = 0;
      outScores[o] = 0;
    }
  }
  num[0] = sizeOfSorted;
  return DetectionStatus.OK;
}

/**
 * NonMaxSuppressionMultiClassFastHelper: per anchor, its best `min(max_classes_per_detection, num_classes)`
 * classes; NMS on each anchor's best score; outputs written at TFLM's offsets (only the selected slots; the
 * rest of the outputs is left as it was, as in TFLM).
 */
export function nmsFast(
  p: DetectionParams, b: DetectionScratch, scores: Float32Array,
  boxes: Float32Array, classes: Float32Array, outScores: Float32Array, num: Float32Array,
): number {
  const { numBoxes, numClasses } = p;
  const ncwb = p.classesWithBackground;
  const labelOffset = ncwb - numClasses;
  const perAnchor = Math.min(p.maxClassesPerDetection, numClasses);
  const maxScores = b.classScores.f32;
  const classIndices = b.boxIndices.i32;
  const selected = b.selected.i32;
  const decoded = b.decoded.f32;
  for (let row = 0; row < numBoxes; row++) {
    const base = row * ncwb + labelOffset;
    partialArgSort(scores, base, numClasses, perAnchor, classIndices, row * numClasses);
    maxScores[row] = scores[base + classIndices[row * numClasses]!]!;
  }
  const selectedSize = nmsSingleClass(p, b, maxScores, selected, p.maxDetections);
  if (selectedSize < 0) return DetectionStatus.INVALID_BOXES;
  let outputBoxIndex = 0;
  for (let i = 0; i < selectedSize; i++) {
    const s = selected[i]!;
    const base = s * ncwb + labelOffset;
    for (let col = 0; col < perAnchor; col++) {
      const offset = perAnchor * outputBoxIndex + col;
      if (offset >= classes.length || offset >= outScores.length || offset * 4 + 4 > boxes.length) return DetectionStatus.OUTPUT_TOO_SMALL;
      writeBox(decoded, s, boxes, offset);
      const c = classIndices[s * numClasses + col]!;
      classes[offset] = c;
      outScores[offset] = scores[base + c]!;
      outputBoxIndex++;
    }
  }
  num[0] = outputBoxIndex;
  return DetectionStatus.OK;
}
