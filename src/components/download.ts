/** Saves a canvas as a PNG file through a temporary link. */
export function downloadCanvas(canvas: HTMLCanvasElement, fileName: string): void {
  canvas.toBlob((blob) => {
    if (blob) downloadBlob(blob, fileName);
  }, 'image/png');
}

export function downloadBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** Saves a model .zip (bytes made by the model library). */
export function downloadModelZip(zip: { fileName: string; bytes: Uint8Array<ArrayBuffer> }): void {
  downloadBlob(new Blob([zip.bytes], { type: 'application/zip' }), zip.fileName);
}

/** A canvas holding a row of 28x28 images (or one), scaled up crisply, for export. */
export function scaledImagesCanvas(source: HTMLCanvasElement, scale: number): HTMLCanvasElement {
  const out = document.createElement('canvas');
  out.width = source.width * scale;
  out.height = source.height * scale;
  const ctx = out.getContext('2d');
  if (ctx) {
    ctx.imageSmoothingEnabled = false;
    ctx.drawImage(source, 0, 0, out.width, out.height);
  }
  return out;
}
