/**
 * Image input for person_detection: decode BMP (8-bit palette/grayscale or 24-bit) and PGM (P5 binary, P2 text)
 * into 8-bit grayscale, then resize to the model's input size. Pure TypeScript, no DOM or Node APIs.
 */

export class ImageError extends Error {
  override name = 'ImageError';
}

export interface GrayImage {
  width: number;
  height: number;
  /** Row-major, top row first, one byte per pixel. */
  pixels: Uint8Array;
}

/** Luma as PIL's convert('L') computes it (ITU-R 601-2, integer arithmetic with rounding). */
function luma(r: number, g: number, b: number): number {
  return (r * 19595 + g * 38470 + b * 7471 + 0x8000) >> 16;
}

export function decodeImage(bytes: Uint8Array): GrayImage {
  if (bytes.length >= 2 && bytes[0] === 0x42 && bytes[1] === 0x4d) return decodeBmp(bytes);
  if (bytes.length >= 2 && bytes[0] === 0x50 && (bytes[1] === 0x35 || bytes[1] === 0x32)) return decodePgm(bytes);
  throw new ImageError('not a BMP or PGM image (expected "BM", "P5" or "P2" at the start)');
}

export function decodeBmp(bytes: Uint8Array): GrayImage {
  if (bytes.length < 54) throw new ImageError(`BMP too short (${bytes.length} bytes)`);
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const dataOffset = v.getUint32(10, true);
  const headerSize = v.getUint32(14, true);
  if (headerSize < 40) throw new ImageError(`unsupported BMP header (${headerSize} bytes; need BITMAPINFOHEADER or later)`);
  const width = v.getInt32(18, true);
  const rawHeight = v.getInt32(22, true);
  const bpp = v.getUint16(28, true);
  const compression = v.getUint32(30, true);
  if (compression !== 0) throw new ImageError(`compressed BMPs are not supported (compression ${compression})`);
  if (bpp !== 8 && bpp !== 24) throw new ImageError(`${bpp}-bit BMPs are not supported (8-bit grayscale/palette or 24-bit)`);
  const height = Math.abs(rawHeight);
  if (width <= 0 || height <= 0 || width > 16384 || height > 16384) throw new ImageError(`bad BMP size ${width}x${rawHeight}`);
  const stride = Math.ceil((width * bpp) / 32) * 4;
  if (dataOffset + stride * height > bytes.length) throw new ImageError('BMP pixel data is truncated');
  const pixels = new Uint8Array(width * height);
  let palette: Uint8Array | null = null;
  if (bpp === 8) {
    const colors = v.getUint32(46, true) || 256;
    const at = 14 + headerSize;
    if (at + colors * 4 > dataOffset) throw new ImageError('BMP palette is truncated');
    // Gray from the palette unless it is the identity gray ramp (then the indices are the gray levels, as PIL
    // keeps them and TFLM's test data uses them).
    let identity = true;
    const lut = new Uint8Array(256);
    for (let i = 0; i < 256; i++) {
      if (i >= colors) {
        lut[i] = i;
        continue;
      }
      const b = bytes[at + 4 * i]!;
      const g = bytes[at + 4 * i + 1]!;
      const r = bytes[at + 4 * i + 2]!;
      lut[i] = luma(r, g, b);
      if (r !== i || g !== i || b !== i) identity = false;
    }
    palette = identity ? null : lut;
  }
  for (let y = 0; y < height; y++) {
    const src = dataOffset + (rawHeight > 0 ? height - 1 - y : y) * stride; // positive height: bottom-up rows
    for (let x = 0; x < width; x++) {
      if (bpp === 8) {
        const i = bytes[src + x]!;
        pixels[y * width + x] = palette ? palette[i]! : i;
      } else {
        const p = src + 3 * x;
        pixels[y * width + x] = luma(bytes[p + 2]!, bytes[p + 1]!, bytes[p]!);
      }
    }
  }
  return { width, height, pixels };
}

export function decodePgm(bytes: Uint8Array): GrayImage {
  const binary = bytes[1] === 0x35;
  let pos = 2;
  const token = (): number => {
    for (;;) {
      while (pos < bytes.length && /\s/.test(String.fromCharCode(bytes[pos]!))) pos++;
      if (bytes[pos] === 0x23) {
        while (pos < bytes.length && bytes[pos] !== 0x0a) pos++;
        continue;
      }
      break;
    }
    const start = pos;
    while (pos < bytes.length && bytes[pos]! >= 0x30 && bytes[pos]! <= 0x39) pos++;
    if (pos === start) throw new ImageError('malformed PGM header');
    return Number(String.fromCharCode(...bytes.subarray(start, pos)));
  };
  const width = token();
  const height = token();
  const maxval = token();
  if (width <= 0 || height <= 0 || width > 16384 || height > 16384) throw new ImageError(`bad PGM size ${width}x${height}`);
  if (maxval <= 0 || maxval > 255) throw new ImageError(`PGM maxval ${maxval} not supported (8-bit only)`);
  const pixels = new Uint8Array(width * height);
  if (binary) {
    pos++; // single whitespace after maxval
    if (pos + pixels.length > bytes.length) throw new ImageError('PGM pixel data is truncated');
    for (let i = 0; i < pixels.length; i++) pixels[i] = Math.round((bytes[pos + i]! * 255) / maxval);
  } else {
    for (let i = 0; i < pixels.length; i++) pixels[i] = Math.round((token() * 255) / maxval);
  }
  return { width, height, pixels };
}

/** Resize by area averaging (box filter); returns the input unchanged when it already has the size. */
export function resizeGray(img: GrayImage, width: number, height: number): GrayImage {
  if (img.width === width && img.height === height) return img;
  const out = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    const y0 = Math.floor((y * img.height) / height);
    const y1 = Math.max(y0 + 1, Math.floor(((y + 1) * img.height) / height));
    for (let x = 0; x < width; x++) {
      const x0 = Math.floor((x * img.width) / width);
      const x1 = Math.max(x0 + 1, Math.floor(((x + 1) * img.width) / width));
      let sum = 0;
      for (let yy = y0; yy < y1; yy++) for (let xx = x0; xx < x1; xx++) sum += img.pixels[yy * img.width + xx]!;
      out[y * width + x] = Math.round(sum / ((y1 - y0) * (x1 - x0)));
    }
  }
  return { width, height, pixels: out };
}
