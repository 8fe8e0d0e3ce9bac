import CRC32 from 'crc-32';
import { Inflate } from 'fflate';

/**
 * Reads a .zip's entries and checks each one as it inflates: against the
 * size and CRC-32 its directory declares. fflate's unzipSync inflates into a
 * buffer of the declared size and checks no CRC, so a corrupted entry or
 * one that inflates to more than it declares (a lying zip bomb) would come
 * out silently wrong; here each is refused with what is wrong. Inflation
 * stops at the declared size: nothing bigger than declared is ever held.
 */

export interface ZipEntry {
  name: string;
  /** 0: stored, 8: deflated. */
  method: number;
  crc32: number;
  compressedSize: number;
  size: number;
  localHeaderOffset: number;
}

export class ZipFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ZipFormatError';
  }
}

const EOCD_SIGNATURE = 0x06054b50;
const CENTRAL_SIGNATURE = 0x02014b50;
const LOCAL_SIGNATURE = 0x04034b50;

/** The entries listed in the zip's central directory (the end-of-central-directory record locates it). */
export function zipEntries(bytes: Uint8Array): ZipEntry[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // The record is 22 bytes plus a comment of up to 65,535: search backwards for its signature.
  let eocd = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 0xffff); i--) {
    if (view.getUint32(i, true) === EOCD_SIGNATURE) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new ZipFormatError('it has no zip directory (the end of the file is missing)');
  const count = view.getUint16(eocd + 10, true);
  let offset = view.getUint32(eocd + 16, true);
  const decoder = new TextDecoder();
  const entries: ZipEntry[] = [];
  for (let k = 0; k < count; k++) {
    if (offset + 46 > bytes.length || view.getUint32(offset, true) !== CENTRAL_SIGNATURE) {
      throw new ZipFormatError('its zip directory is damaged');
    }
    const nameLength = view.getUint16(offset + 28, true);
    const extraLength = view.getUint16(offset + 30, true);
    const commentLength = view.getUint16(offset + 32, true);
    entries.push({
      name: decoder.decode(bytes.subarray(offset + 46, offset + 46 + nameLength)),
      method: view.getUint16(offset + 10, true),
      crc32: view.getUint32(offset + 16, true),
      compressedSize: view.getUint32(offset + 20, true),
      size: view.getUint32(offset + 24, true),
      localHeaderOffset: view.getUint32(offset + 42, true),
    });
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** Inflates (or copies) one entry, checking its size and CRC-32 against the directory. */
export function readZipEntry(bytes: Uint8Array, entry: ZipEntry): Uint8Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const at = entry.localHeaderOffset;
  if (at + 30 > bytes.length || view.getUint32(at, true) !== LOCAL_SIGNATURE) {
    throw new ZipFormatError(`${entry.name}: its local header is missing or damaged`);
  }
  const start = at + 30 + view.getUint16(at + 26, true) + view.getUint16(at + 28, true);
  const end = start + entry.compressedSize;
  if (end > bytes.length) throw new ZipFormatError(`${entry.name}: the file is cut off inside this entry`);
  const data = bytes.subarray(start, end);
  let out: Uint8Array;
  if (entry.method === 0) {
    out = data.slice();
  } else if (entry.method === 8) {
    out = new Uint8Array(entry.size);
    let filled = 0;
    let tooLong = false;
    const inflate = new Inflate((chunk) => {
      if (filled + chunk.length > entry.size) {
        tooLong = true;
        return;
      }
      out.set(chunk, filled);
      filled += chunk.length;
    });
    try {
      // In slices, so that an entry inflating far past its declared size stops early.
      for (let i = 0; i < data.length && !tooLong; i += 65536) {
        inflate.push(data.subarray(i, Math.min(data.length, i + 65536)), i + 65536 >= data.length);
      }
    } catch (err) {
      throw new ZipFormatError(
        `${entry.name}: the compressed data is damaged (${err instanceof Error ? err.message : String(err)})`,
      );
    }
    if (tooLong) {
      throw new ZipFormatError(`${entry.name} inflates to more than the ${entry.size} bytes the zip declares for it`);
    }
    if (filled !== entry.size) {
      throw new ZipFormatError(`${entry.name} inflates to ${filled} bytes, not the ${entry.size} the zip declares`);
    }
  } else {
    throw new ZipFormatError(
      `${entry.name}: compression method ${entry.method} is not supported (stored or deflated only)`,
    );
  }
  if (out.length !== entry.size) {
    throw new ZipFormatError(`${entry.name} holds ${out.length} bytes, not the ${entry.size} the zip declares`);
  }
  if (CRC32.buf(out) >>> 0 !== entry.crc32) {
    throw new ZipFormatError(`${entry.name} fails its CRC-32 check: the file is corrupted`);
  }
  return out;
}
