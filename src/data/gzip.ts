/**
 * The browser fetches the MNIST files gzip-compressed (about 11 MB instead of
 * 55 MB). A server may already have undone the compression (Content-Encoding:
 * gzip), so the gzip magic bytes decide whether to inflate.
 */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/** Inflates with the platform's native DecompressionStream (browsers, workers, Node >= 18). */
export async function gunzip(bytes: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new DecompressionStream('gzip'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

export async function maybeGunzip(bytes: Uint8Array): Promise<Uint8Array> {
  return isGzip(bytes) ? gunzip(bytes) : bytes;
}
