/**
 * TFLite_Detection_PostProcess: TFLM detection_postprocess_test.cc data (with TFLM's generated option bytes) and
 * pseudo-random cases, all with outputs produced by TFLM's detection_postprocess.cc compiled verbatim
 * (data/detection_postprocess.golden.ts: fast and regular NMS, background class or not, score ties, > 20
 * candidates (merge sort), two classes per detection, zero-filled regular outputs), plus TFLM's own tables with
 * keypoint-wide encodings, and rejections (Prepare's and Eval's checks).
 */
import { DETECTION_POSTPROCESS } from '../../src/kernels/detection_postprocess.js';
import { flexFloat, flexMap } from '../../src/model/flexbuffers.js';
import { TensorType as T } from '../../src/model/types.js';
import { kernelTable, type OpCase, type TensorSpec } from '../helpers/kernel-runner.js';
import { DETECTION_POSTPROCESS_GOLDEN } from './data/detection_postprocess.golden.js';

interface Golden {
  name: string; optBytes: number[]; encShape: number[]; enc: number[]; clsShape: number[]; cls: number[]; anchors: number[];
  outShapes: number[][]; expected: number[][];
}

const f32 = (shape: number[], data?: number[], constant = false): TensorSpec => ({ type: T.FLOAT32, shape, data, constant });

const golden: OpCase[] = (DETECTION_POSTPROCESS_GOLDEN as unknown as Golden[]).map((g) => ({
  name: `${g.name} (TFLM kernel)`,
  inputs: [f32(g.encShape, g.enc), f32(g.clsShape, g.cls), f32([g.anchors.length / 4, 4], g.anchors, true)],
  outputs: g.outShapes.map((s, i) => f32(s, g.expected[i]!.map(Math.fround))),
  customOptions: new Uint8Array(g.optBytes),
  tolerance: 0,
}));

// TFLM test data (detection_postprocess_test.cc).
const ENC = [0, 0, 0, 0, 0, 1, 0, 0, 0, -1, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0];
const ENC5 = [0, 0, 0, 0, 1, 0, 1, 0, 0, 1, 0, -1, 0, 0, 1, 0, 0, 0, 0, 1, 0, 1, 0, 0, 1, 0, 0, 0, 0, 1];
const CLS_BG = [0, 0.9, 0.8, 0, 0.75, 0.72, 0, 0.6, 0.5, 0, 0.93, 0.95, 0, 0.5, 0.4, 0, 0.3, 0.2];
const CLS = [0.9, 0.8, 0.75, 0.72, 0.6, 0.5, 0.93, 0.95, 0.5, 0.4, 0.3, 0.2];
const ANCHORS = [0.5, 0.5, 1, 1, 0.5, 0.5, 1, 1, 0.5, 0.5, 1, 1, 0.5, 10.5, 1, 1, 0.5, 10.5, 1, 1, 0.5, 100.5, 1, 1];
const g0 = DETECTION_POSTPROCESS_GOLDEN[0] as unknown as Golden;
const g1 = DETECTION_POSTPROCESS_GOLDEN[1] as unknown as Golden;
const FAST_OPTS = new Uint8Array(g0.optBytes);
const REGULAR_OPTS = new Uint8Array(g1.optBytes);
const outs = (b?: number[], c?: number[], s?: number[], n?: number[]) => [f32([1, 3, 4], b), f32([1, 3], c), f32([1, 3], s), f32([1], n)];
const FAST_OUT = outs([0, 10, 1, 11, 0, 0, 1, 1, 0, 100, 1, 101], [1, 0, 0], [0.95, 0.9, 0.3], [3]);

const options = (o: Record<string, unknown>) => flexMap({
  max_detections: 3, max_classes_per_detection: 1, use_regular_nms: false, nms_score_threshold: flexFloat(0), nms_iou_threshold: flexFloat(0.5),
  num_classes: 2, y_scale: flexFloat(10), x_scale: flexFloat(10), h_scale: flexFloat(5), w_scale: flexFloat(5),
  ...(o as Record<string, never>),
});
const base = (over: Partial<OpCase>): OpCase => ({
  name: '',
  inputs: [f32([1, 6, 4], ENC), f32([1, 6, 3], CLS_BG), f32([6, 4], ANCHORS, true)],
  outputs: outs(),
  customOptions: FAST_OPTS,
  ...over,
});

const cases: OpCase[] = [
  ...golden,
  {
    name: 'FastNMSwithNoBackgroundClassAndKeypoints (TFLM)',
    inputs: [f32([1, 6, 5], ENC5), f32([1, 6, 2], CLS), f32([6, 4], ANCHORS, true)],
    outputs: FAST_OUT,
    customOptions: FAST_OPTS,
  },
  {
    name: 'FastNMSWithBackgroundClassAndKeypoints (TFLM)',
    inputs: [f32([1, 6, 5], ENC5), f32([1, 6, 3], CLS_BG), f32([6, 4], ANCHORS, true)],
    outputs: FAST_OUT,
    customOptions: FAST_OPTS,
  },
  {
    name: 'RegularNMSwithNoBackgroundClassAndKeypoints (TFLM, exact values)',
    inputs: [f32([1, 6, 4], ENC), f32([1, 6, 2], CLS), f32([6, 4], ANCHORS, true)],
    outputs: outs([0, 10, 1, 11, 0, 10, 1, 11, 0, 0, 0, 0], [1, 0, 0], [0.95, 0.93, 0], [2]),
    customOptions: REGULAR_OPTS,
  },
  {
    name: 'non-constant anchors',
    inputs: [f32([1, 6, 4], ENC), f32([1, 6, 3], CLS_BG), f32([6, 4], ANCHORS)],
    outputs: FAST_OUT,
    customOptions: FAST_OPTS,
  },
  // Rejections.
  base({ name: 'missing custom options fail', customOptions: undefined, expectError: /custom_options/ }),
  base({ name: 'iou threshold 0 fails (TFLM Eval)', customOptions: options({ nms_iou_threshold: flexFloat(0) }), expectError: /nms_iou_threshold 0 must be in \(0, 1\]/ }),
  base({ name: 'iou threshold above 1 fails (TFLM Eval)', customOptions: options({ nms_iou_threshold: flexFloat(1.5) }), expectError: /must be in \(0, 1\]/ }),
  base({ name: 'max_classes_per_detection 0 fails (TFLM Eval, fast NMS)', customOptions: options({ max_classes_per_detection: 0 }), expectError: /max_classes_per_detection 0 must be > 0/ }),
  base({ name: 'detections_per_class 0 fails (TFLM Eval, regular NMS)', customOptions: options({ use_regular_nms: true, detections_per_class: 0 }), expectError: /detections_per_class 0 must be > 0/ }),
  base({ name: 'two background classes fail (TFLM Eval)', customOptions: options({ num_classes: 1 }), expectError: /at most one background class/ }),
  base({ name: 'fewer scores than classes fail (TFLM Eval)', customOptions: options({ num_classes: 4 }), expectError: /3 class scores for num_classes 4/ }),
  base({
    name: 'batch 2 fails (TFLM Eval)',
    inputs: [f32([2, 3, 4], ENC), f32([1, 6, 3], CLS_BG), f32([6, 4], ANCHORS, true)],
    expectError: /box encodings batch 2 != 1/,
  }),
  base({
    name: 'encodings narrower than 4 fail (TFLM Eval)',
    inputs: [f32([1, 6, 3], ENC.slice(0, 18)), f32([1, 6, 3], CLS_BG), f32([6, 4], ANCHORS, true)],
    expectError: /need >= 4/,
  }),
  base({
    name: 'encodings of rank 2 fail (TFLM Prepare)',
    inputs: [f32([6, 4], ENC), f32([1, 6, 3], CLS_BG), f32([6, 4], ANCHORS, true)],
    expectError: /box encodings must have rank 3/,
  }),
  base({
    name: 'class predictions for another box count fail (TFLM Eval)',
    inputs: [f32([1, 6, 4], ENC), f32([1, 5, 3], CLS_BG.slice(0, 15)), f32([6, 4], ANCHORS, true)],
    expectError: /class predictions for 5 boxes, encodings for 6/,
  }),
  base({
    name: 'int8 box encodings fail (TFLM Eval: float only)',
    inputs: [{ type: T.INT8, shape: [1, 6, 4], data: ENC, scale: 1, zeroPoint: 0 }, f32([1, 6, 3], CLS_BG), f32([6, 4], ANCHORS, true)],
    expectError: /box encodings has type INT8/,
  }),
  base({
    name: 'three outputs fail (TFLM Prepare)',
    outputs: outs().slice(0, 3),
    expectError: /expected 4 outputs, got 3/,
  }),
  base({
    name: 'an empty decoded box fails at invoke (TFLM ValidateBoxes)',
    inputs: [f32([1, 6, 4], ENC), f32([1, 6, 3], CLS_BG), f32([6, 4], ANCHORS.map((v, i) => (i === 2 ? 0 : v)), true)],
    expectError: /ymin < ymax/,
  }),
  base({
    name: 'regular NMS outputs smaller than max_detections fail',
    customOptions: REGULAR_OPTS,
    outputs: [f32([1, 2, 4]), f32([1, 2]), f32([1, 2]), f32([1])],
    expectError: /outputs do not hold 3 detections/,
  }),
];

kernelTable('TFLite_Detection_PostProcess', DETECTION_POSTPROCESS, cases);
