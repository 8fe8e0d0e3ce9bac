/**
 * Parser for the IDX format of the original MNIST files
 * (http://yann.lecun.com/exdb/mnist/): a big-endian header of a magic number
 * (0x00 0x00, the element type, the number of dimensions), one uint32 per
 * dimension, then the elements. MNIST uses unsigned bytes (type 0x08).
 */

export const MNIST_IMAGE_SIDE = 28;
export const MNIST_PIXELS = MNIST_IMAGE_SIDE * MNIST_IMAGE_SIDE;
export const MNIST_CLASSES = 10;

const UBYTE_TYPE = 0x08;

/** A file that is not the MNIST data it claims to be; the message names the file and the fault. */
export class IdxFormatError extends Error {
  constructor(
    readonly fileName: string,
    problem: string,
  ) {
    super(`${fileName}: ${problem}`);
    this.name = 'IdxFormatError';
  }
}

export interface IdxArray {
  dims: number[];
  /** The elements, a view into the file's buffer (no copy). */
  data: Uint8Array;
}

export function parseIdxUbyte(bytes: Uint8Array, fileName: string, expectedRank: number): IdxArray {
  if (bytes.byteLength < 4) {
    throw new IdxFormatError(fileName, `file is ${bytes.byteLength} bytes, too short for an IDX header`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const magic = view.getUint32(0, false);
  const type = bytes[2];
  const rank = bytes[3];
  if (bytes[0] !== 0 || bytes[1] !== 0 || type !== UBYTE_TYPE || rank !== expectedRank) {
    const expected = (0x0800 + expectedRank).toString(16).padStart(8, '0');
    throw new IdxFormatError(
      fileName,
      `bad magic number 0x${magic.toString(16).padStart(8, '0')}, expected 0x${expected} (unsigned bytes, ${expectedRank} dimensions)`,
    );
  }
  const headerBytes = 4 + 4 * rank;
  if (bytes.byteLength < headerBytes) {
    throw new IdxFormatError(fileName, `file is ${bytes.byteLength} bytes, too short for a ${rank}-D header`);
  }
  const dims: number[] = [];
  for (let d = 0; d < rank; d++) dims.push(view.getUint32(4 + 4 * d, false));
  const count = dims.reduce((a, b) => a * b, 1);
  const actual = bytes.byteLength - headerBytes;
  if (actual !== count) {
    const what = actual < count ? 'truncated' : 'has trailing bytes';
    throw new IdxFormatError(
      fileName,
      `${what}: header says ${dims.join(' x ')} = ${count} bytes of data, found ${actual}`,
    );
  }
  return { dims, data: bytes.subarray(headerBytes) };
}

/** Images: N x 28 x 28 unsigned bytes, N as expected. */
export function parseMnistImages(bytes: Uint8Array, fileName: string, expectedCount: number): Uint8Array {
  const { dims, data } = parseIdxUbyte(bytes, fileName, 3);
  if (dims[1] !== MNIST_IMAGE_SIDE || dims[2] !== MNIST_IMAGE_SIDE) {
    throw new IdxFormatError(fileName, `images are ${dims[1]} x ${dims[2]}, expected 28 x 28`);
  }
  if (dims[0] !== expectedCount) {
    throw new IdxFormatError(fileName, `holds ${dims[0]} images, expected ${expectedCount}`);
  }
  return data;
}

/** Labels: N unsigned bytes, each a digit 0-9. */
export function parseMnistLabels(bytes: Uint8Array, fileName: string, expectedCount: number): Uint8Array {
  const { dims, data } = parseIdxUbyte(bytes, fileName, 1);
  if (dims[0] !== expectedCount) {
    throw new IdxFormatError(fileName, `holds ${dims[0]} labels, expected ${expectedCount}`);
  }
  for (let i = 0; i < data.length; i++) {
    if (data[i] >= MNIST_CLASSES) {
      throw new IdxFormatError(fileName, `label ${i} is ${data[i]}, outside 0-9`);
    }
  }
  return data;
}
