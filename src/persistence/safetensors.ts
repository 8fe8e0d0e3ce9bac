/**
 * A reader of the safetensors format (huggingface/safetensors), the way
 * PyTorch models travel: 8 bytes of little-endian header length N, N bytes
 * of JSON ({ name: { dtype, shape, data_offsets: [begin, end] } } and an
 * optional "__metadata__" of strings), then the tensors' raw little-endian,
 * row-major bytes, offsets counted from the end of the header.
 *
 * Only what a model's weights need is read: F32, and F16 / BF16 widened to
 * float32. Every fault is refused with a message that names the file, the
 * tensor and what is wrong; nothing is half-read.
 */

export type SafetensorsDtype = 'F32' | 'F16' | 'BF16';

const DTYPE_BYTES: Record<SafetensorsDtype, number> = { F32: 4, F16: 2, BF16: 2 };

/** Headers beyond this are not a model's (the format's own reader stops at 100 MB). */
const MAX_HEADER_BYTES = 100 * 1024 * 1024;

export interface SafetensorsTensor {
  dtype: SafetensorsDtype;
  shape: number[];
  values: Float32Array;
}

export interface SafetensorsFile {
  tensors: Map<string, SafetensorsTensor>;
  metadata: Record<string, string> | null;
}

export class SafetensorsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SafetensorsError';
  }
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** IEEE half precision to float32. */
function halfToFloat(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exponent = (h >> 10) & 0x1f;
  const fraction = h & 0x3ff;
  if (exponent === 0) return sign * 2 ** -14 * (fraction / 1024);
  if (exponent === 0x1f) return fraction ? NaN : sign * Infinity;
  return sign * 2 ** (exponent - 15) * (1 + fraction / 1024);
}

function decodeValues(view: DataView, offset: number, count: number, dtype: SafetensorsDtype): Float32Array {
  const out = new Float32Array(count);
  if (dtype === 'F32') {
    for (let i = 0; i < count; i++) out[i] = view.getFloat32(offset + 4 * i, true);
  } else if (dtype === 'F16') {
    for (let i = 0; i < count; i++) out[i] = halfToFloat(view.getUint16(offset + 2 * i, true));
  } else {
    // bfloat16 is the top half of a float32.
    const bits = new Uint32Array(out.buffer);
    for (let i = 0; i < count; i++) bits[i] = view.getUint16(offset + 2 * i, true) << 16;
  }
  return out;
}

/** Parses a whole .safetensors file; `fileName` goes into every message. */
export function parseSafetensors(bytes: Uint8Array, fileName: string): SafetensorsFile {
  const fail = (what: string): never => {
    throw new SafetensorsError(`${fileName}: ${what}`);
  };
  if (bytes.byteLength < 8) fail(`${bytes.byteLength} bytes is too short to be a safetensors file (no header length)`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = Number(view.getBigUint64(0, true));
  if (headerLength === 0 || headerLength > MAX_HEADER_BYTES)
    fail(`the header length ${headerLength} is not that of a safetensors file`);
  if (8 + headerLength > bytes.byteLength)
    fail(`the header of ${headerLength} bytes runs past the end of the file (${bytes.byteLength} bytes)`);
  let header: unknown;
  try {
    header = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(8, 8 + headerLength)));
  } catch (err) {
    fail(`the header is not JSON (${err instanceof Error ? err.message : String(err)}): is this a safetensors file?`);
  }
  if (!isRecord(header)) return fail('the header is not a JSON object');

  let metadata: Record<string, string> | null = null;
  const dataStart = 8 + headerLength;
  const dataLength = bytes.byteLength - dataStart;
  const spans: Array<{ name: string; begin: number; end: number }> = [];
  const tensors = new Map<string, SafetensorsTensor>();
  for (const [name, entry] of Object.entries(header)) {
    if (name === '__metadata__') {
      if (!isRecord(entry) || Object.values(entry).some((v) => typeof v !== 'string'))
        fail('__metadata__ must map names to strings');
      metadata = entry as Record<string, string>;
      continue;
    }
    const tensor = (what: string): never => fail(`tensor "${name}": ${what}`);
    if (!isRecord(entry)) return tensor('its entry is not an object');
    const { dtype, shape, data_offsets: offsets } = entry;
    if (typeof dtype !== 'string' || !(dtype in DTYPE_BYTES))
      tensor(`dtype ${JSON.stringify(dtype)} is not read here (only F32, F16 and BF16)`);
    if (!Array.isArray(shape) || shape.some((s) => !Number.isInteger(s) || (s as number) < 0))
      tensor(`shape ${JSON.stringify(shape)} is not a list of sizes`);
    if (
      !Array.isArray(offsets) ||
      offsets.length !== 2 ||
      offsets.some((o) => !Number.isInteger(o) || (o as number) < 0)
    )
      tensor(`data_offsets ${JSON.stringify(offsets)} is not [begin, end]`);
    const [begin, end] = offsets as [number, number];
    const type = dtype as SafetensorsDtype;
    const count = (shape as number[]).reduce((a, b) => a * b, 1);
    if (end < begin || end > dataLength)
      tensor(`its bytes ${begin}-${end} leave the file's ${dataLength} bytes of data`);
    if (end - begin !== count * DTYPE_BYTES[type])
      tensor(
        `shape [${(shape as number[]).join(', ')}] of ${type} takes ${count * DTYPE_BYTES[type]} bytes, but its offsets span ${end - begin}`,
      );
    spans.push({ name, begin, end });
    const values = decodeValues(view, dataStart + begin, count, type);
    const bad = values.findIndex((v) => !Number.isFinite(v));
    if (bad >= 0) tensor(`value ${bad} is ${values[bad]} (weights must be finite)`);
    tensors.set(name, { dtype: type, shape: [...(shape as number[])], values });
  }
  spans.sort((a, b) => a.begin - b.begin || a.end - b.end);
  for (let i = 1; i < spans.length; i++) {
    if (spans[i].begin < spans[i - 1].end)
      fail(
        `tensors "${spans[i - 1].name}" and "${spans[i].name}" overlap (bytes ${spans[i].begin}-${spans[i - 1].end})`,
      );
  }
  return { tensors, metadata };
}

/** Writes a safetensors file (F32 only): for tests and for saving a model in the format PyTorch reads. */
export function writeSafetensors(
  tensors: ReadonlyArray<{ name: string; shape: number[]; values: Float32Array }>,
  metadata?: Record<string, string>,
): Uint8Array {
  const header: Record<string, unknown> = {};
  if (metadata) header.__metadata__ = metadata;
  let offset = 0;
  for (const t of tensors) {
    header[t.name] = { dtype: 'F32', shape: t.shape, data_offsets: [offset, offset + 4 * t.values.length] };
    offset += 4 * t.values.length;
  }
  let json = new TextEncoder().encode(JSON.stringify(header));
  // The format pads the header with spaces so that the data starts 8-byte aligned.
  const padded = Math.ceil(json.byteLength / 8) * 8;
  if (padded !== json.byteLength) {
    const withSpaces = new Uint8Array(padded).fill(0x20);
    withSpaces.set(json);
    json = withSpaces;
  }
  const out = new Uint8Array(8 + json.byteLength + offset);
  const view = new DataView(out.buffer);
  view.setBigUint64(0, BigInt(json.byteLength), true);
  out.set(json, 8);
  let at = 8 + json.byteLength;
  for (const t of tensors) {
    for (let i = 0; i < t.values.length; i++) view.setFloat32(at + 4 * i, t.values[i], true);
    at += 4 * t.values.length;
  }
  return out;
}
