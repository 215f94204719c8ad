import { ModelError } from '../errors.js';
import { BuiltinOperator } from '../model/schema.js';
import { parseFlexMap, type FlexMap } from '../model/flexbuffers.js';
import { TensorType } from '../model/types.js';
import { defineOp, type ScratchBuffer } from '../runtime/kernel.js';
import {
  decodeBoxes,
  DetectionStatus,
  nmsFast,
  nmsRegular,
  type DetectionParams,
  type DetectionScratch,
} from './internal/detection_postprocess.js';
import { expectType } from './util.js';

export interface DetectionPostProcessOptions {
  maxDetections: number;
  maxClassesPerDetection: number;
  detectionsPerClass: number;
  useRegularNms: boolean;
  scoreThreshold: number;
  iouThreshold: number;
  numClasses: number;
  yScale: number;
  xScale: number;
  hScale: number;
  wScale: number;
}

interface DetectionData {
  p: DetectionParams;
  scratch: DetectionScratch | null;
}

/** kNumDetectionsPerClass: TFLM's default detections_per_class. */
const DEFAULT_DETECTIONS_PER_CLASS = 100;

/** flexbuffers' AsInt32 / AsFloat / AsBool on a missing key (a null reference) give 0 / 0.0 / false. */
function int32Of(m: FlexMap, key: string, dflt = 0): number {
  const v = m.get(key);
  return v === undefined || v.isNull ? dflt : v.asInt32();
}
function floatOf(m: FlexMap, key: string): number {
  const v = m.get(key);
  return v === undefined || v.isNull ? 0 : Math.fround(v.asFloat());
}

/**
 * TFLite_Detection_PostProcess (custom op): float32 box encodings [1, boxes, >= 4], class predictions
 * [1, boxes, classes (+1 background)] and anchors [boxes, 4] (y, x, h, w); four float32 outputs: boxes
 * [.., 4] (ymin, xmin, ymax, xmax), classes, scores, and the number of detections. Fast NMS (per-anchor best
 * classes) or regular NMS (use_regular_nms, per class). TFLM's checks (batch 1, encodings >= 4 wide, at most one
 * background class, thresholds, positive detection counts, non-empty decoded boxes) fail the op. Outputs must
 * hold what TFLM writes into them (the model's static output dims).
 */
export const DETECTION_POSTPROCESS = defineOp<DetectionPostProcessOptions, DetectionData>({
  name: 'TFLite_Detection_PostProcess',
  code: BuiltinOperator.CUSTOM,
  custom: 'TFLite_Detection_PostProcess',
  parseOptions(_b, custom, node) {
    const path = node.path.replace(/builtin_options$/, 'custom_options');
    if (!custom || custom.length === 0) throw new ModelError(path, 'missing: TFLite_Detection_PostProcess needs FlexBuffer custom options');
    const m = parseFlexMap(custom, path);
    const perClass = m.get('detections_per_class');
    const regular = m.get('use_regular_nms');
    return {
      maxDetections: int32Of(m, 'max_detections'),
      maxClassesPerDetection: int32Of(m, 'max_classes_per_detection'),
      detectionsPerClass: perClass === undefined || perClass.isNull ? DEFAULT_DETECTIONS_PER_CLASS : perClass.asInt32(),
      useRegularNms: regular === undefined || regular.isNull ? false : regular.asBool(),
      scoreThreshold: floatOf(m, 'nms_score_threshold'),
      iouThreshold: floatOf(m, 'nms_iou_threshold'),
      numClasses: int32Of(m, 'num_classes'),
      yScale: floatOf(m, 'y_scale'),
      xScale: floatOf(m, 'x_scale'),
      hScale: floatOf(m, 'h_scale'),
      wScale: floatOf(m, 'w_scale'),
    };
  },
  init(ctx) {
    const o = ctx.options;
    return {
      p: {
        maxDetections: o.maxDetections, maxClassesPerDetection: o.maxClassesPerDetection, detectionsPerClass: o.detectionsPerClass,
        scoreThreshold: o.scoreThreshold, iouThreshold: o.iouThreshold, numClasses: o.numClasses, useRegularNms: o.useRegularNms,
        yScale: o.yScale, xScale: o.xScale, hScale: o.hScale, wScale: o.wScale, numBoxes: 0, boxStride: 4, classesWithBackground: 0,
      },
      scratch: null,
    };
  },
  prepare(ctx) {
    if (ctx.inputs.length !== 3) ctx.fail(`expected 3 inputs, got ${ctx.inputs.length}`);
    if (ctx.outputs.length !== 4) ctx.fail(`expected 4 outputs, got ${ctx.outputs.length}`);
    const enc = ctx.input(0);
    const cls = ctx.input(1);
    const anchors = ctx.input(2);
    if (enc.shape.length !== 3) ctx.fail(`box encodings must have rank 3, have rank ${enc.shape.length}`);
    if (cls.shape.length !== 3) ctx.fail(`class predictions must have rank 3, have rank ${cls.shape.length}`);
    if (anchors.shape.length !== 2) ctx.fail(`anchors must have rank 2, have rank ${anchors.shape.length}`);
    const p = ctx.data.p;
    const numBoxes = enc.shape[1]!;
    // Eval-time checks of TFLM, done once here (shapes and options do not change).
    if (enc.shape[0] !== 1) ctx.fail(`box encodings batch ${enc.shape[0]} != 1`);
    if (enc.shape[2]! < 4) ctx.fail(`box encodings hold ${enc.shape[2]} values per box, need >= 4`);
    expectType(ctx, enc, 'box encodings', TensorType.FLOAT32);
    expectType(ctx, anchors, 'anchors', TensorType.FLOAT32);
    if (anchors.elementCount < numBoxes * 4) ctx.fail(`anchors hold ${anchors.elementCount} values for ${numBoxes} boxes`);
    if (cls.shape[0] !== 1) ctx.fail(`class predictions batch ${cls.shape[0]} != 1`);
    if (cls.shape[1] !== numBoxes) ctx.fail(`class predictions for ${cls.shape[1]} boxes, encodings for ${numBoxes}`);
    const ncwb = cls.shape[2]!;
    if (!(ncwb - p.numClasses <= 1)) ctx.fail(`${ncwb} class scores for num_classes ${p.numClasses}: at most one background class`);
    if (!(ncwb >= p.numClasses)) ctx.fail(`${ncwb} class scores for num_classes ${p.numClasses}`);
    expectType(ctx, cls, 'class predictions', TensorType.FLOAT32);
    if (!(p.iouThreshold > 0 && p.iouThreshold <= 1)) ctx.fail(`nms_iou_threshold ${p.iouThreshold} must be in (0, 1]`);
    if (p.useRegularNms) {
      if (!(p.detectionsPerClass > 0)) ctx.fail(`detections_per_class ${p.detectionsPerClass} must be > 0`);
    } else {
      if (!(p.maxClassesPerDetection > 0)) ctx.fail(`max_classes_per_detection ${p.maxClassesPerDetection} must be > 0`);
      if (!(p.maxDetections >= 0)) ctx.fail(`max_detections ${p.maxDetections} must be >= 0`);
    }
    for (let i = 0; i < 4; i++) expectType(ctx, ctx.output(i), `output ${i}`, TensorType.FLOAT32);
    if (ctx.output(3).elementCount < 1) ctx.fail('num_detections output is empty');
    if (p.useRegularNms) {
      const m = Math.max(0, p.maxDetections);
      if (ctx.output(0).elementCount < 4 * m || ctx.output(1).elementCount < m || ctx.output(2).elementCount < m)
        ctx.fail(`outputs do not hold ${m} detections`);
    }
    p.numBoxes = numBoxes;
    p.boxStride = enc.shape[2]!;
    p.classesWithBackground = ncwb;
    // Scratch (sized for the largest use, which can exceed TFLM's own requests in corner cases).
    const maxDet = Math.max(0, p.maxDetections);
    const n = Math.max(1, numBoxes);
    const merged = Math.max(maxDet + n, n * Math.max(1, p.numClasses));
    const req = (bytes: number): ScratchBuffer => ctx.requestScratch(bytes);
    ctx.data.scratch = {
      decoded: req(16 * n),
      active: req(n),
      keepScores: req(4 * n),
      keepIndices: req(4 * n),
      sortScratch: req(4 * n),
      sortedIndices: req(4 * Math.max(n, maxDet + n)),
      sortedValues: req(4 * Math.max(1, maxDet)),
      classScores: req(4 * n),
      boxIndices: req(4 * merged),
      scoresAfter: req(4 * (maxDet + n)),
      selected: req(4 * n),
    };
  },
  invoke(ctx) {
    const d = ctx.data;
    const b = d.scratch!;
    const p = d.p;
    decodeBoxes(p, ctx.inputs[0]!.data as Float32Array, ctx.inputs[2]!.data as Float32Array, b.decoded.f32);
    const scores = ctx.inputs[1]!.data as Float32Array;
    const o = ctx.outputs;
    const status = p.useRegularNms
      ? nmsRegular(p, b, scores, o[0]!.data as Float32Array, o[1]!.data as Float32Array, o[2]!.data as Float32Array, o[3]!.data as Float32Array)
      : nmsFast(p, b, scores, o[0]!.data as Float32Array, o[1]!.data as Float32Array, o[2]!.data as Float32Array, o[3]!.data as Float32Array);
    if (status === DetectionStatus.INVALID_BOXES) ctx.fail('decoded boxes must have ymin < ymax and xmin < xmax');
    if (status === DetectionStatus.OUTPUT_TOO_SMALL) ctx.fail('detection outputs are too small for the selected detections');
  },
});
