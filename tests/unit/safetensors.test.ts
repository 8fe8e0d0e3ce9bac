import { describe, expect, it } from 'vitest';
import { parseSafetensors, writeSafetensors } from '../../src/persistence/safetensors';
import {
  TORCH_DESCRIPTION_FORMAT,
  TORCH_METADATA_KEY,
  torchModelFromSafetensors,
  type TorchDescription,
} from '../../src/persistence/torchModel';
import { createRng } from '../../src/lib/rng';

/** A hand-made file: header JSON as given (no padding), then `data`. */
function rawFile(header: unknown, data: Uint8Array = new Uint8Array(0), headerLength?: number): Uint8Array {
  const json = new TextEncoder().encode(typeof header === 'string' ? header : JSON.stringify(header));
  const out = new Uint8Array(8 + json.byteLength + data.byteLength);
  new DataView(out.buffer).setBigUint64(0, BigInt(headerLength ?? json.byteLength), true);
  out.set(json, 8);
  out.set(data, 8 + json.byteLength);
  return out;
}

const f32 = (...v: number[]) => new Uint8Array(new Float32Array(v).buffer);

describe('parseSafetensors', () => {
  it('reads F32, F16 and BF16 tensors, little-endian and row-major, and the metadata', () => {
    const data = new Uint8Array(4 * 3 + 2 * 2 + 2 * 2);
    const view = new DataView(data.buffer);
    [1.5, -2, 0.25].forEach((v, i) => view.setFloat32(4 * i, v, true));
    view.setUint16(12, 0x3c00, true); // half 1.0
    view.setUint16(14, 0xc500, true); // half -5.0
    view.setUint16(16, 0x3f80, true); // bf16 1.0
    view.setUint16(18, 0x4049, true); // bf16 3.140625
    const file = parseSafetensors(
      rawFile(
        {
          __metadata__: { note: 'hi' },
          a: { dtype: 'F32', shape: [3], data_offsets: [0, 12] },
          h: { dtype: 'F16', shape: [1, 2], data_offsets: [12, 16] },
          b: { dtype: 'BF16', shape: [2], data_offsets: [16, 20] },
        },
        data,
      ),
      'x.safetensors',
    );
    expect([...file.tensors.get('a')!.values]).toEqual([1.5, -2, 0.25]);
    expect(file.tensors.get('h')!.shape).toEqual([1, 2]);
    expect([...file.tensors.get('h')!.values]).toEqual([1, -5]);
    expect([...file.tensors.get('b')!.values]).toEqual([1, 3.140625]);
    expect(file.metadata).toEqual({ note: 'hi' });
  });

  it('reads back what writeSafetensors writes (the header padded to 8 bytes)', () => {
    const bytes = writeSafetensors([{ name: 'w', shape: [2, 2], values: new Float32Array([1, 2, 3, 4]) }], { k: 'v' });
    expect(Number(new DataView(bytes.buffer).getBigUint64(0, true)) % 8).toBe(0);
    const file = parseSafetensors(bytes, 'w.safetensors');
    expect([...file.tensors.get('w')!.values]).toEqual([1, 2, 3, 4]);
    expect(file.metadata).toEqual({ k: 'v' });
  });

  const refusals: Array<[string, Uint8Array, RegExp]> = [
    ['a file shorter than its header length', new Uint8Array(5), /bad\.safetensors: 5 bytes is too short/],
    ['a zero header length', rawFile('{}', undefined, 0), /header length 0 is not that of a safetensors file/],
    ['a header beyond the file', rawFile('{}', undefined, 4000), /header of 4000 bytes runs past the end of the file/],
    ['a header that is not JSON (wrong magic: a zip)', rawFile('PK\u0003\u0004 not json'), /header is not JSON/],
    ['a header that is a list', rawFile('[1,2]'), /header is not a JSON object/],
    [
      'an int64 tensor',
      rawFile({ t: { dtype: 'I64', shape: [1], data_offsets: [0, 8] } }, new Uint8Array(8)),
      /tensor "t": dtype "I64" is not read here/,
    ],
    [
      'offsets leaving the buffer',
      rawFile({ t: { dtype: 'F32', shape: [2], data_offsets: [0, 8] } }, f32(1)),
      /tensor "t": its bytes 0-8 leave the file's 4 bytes of data/,
    ],
    [
      'offsets that disagree with the shape',
      rawFile({ t: { dtype: 'F32', shape: [3], data_offsets: [0, 8] } }, f32(1, 2)),
      /shape \[3\] of F32 takes 12 bytes, but its offsets span 8/,
    ],
    [
      'overlapping tensors',
      rawFile(
        {
          a: { dtype: 'F32', shape: [2], data_offsets: [0, 8] },
          b: { dtype: 'F32', shape: [2], data_offsets: [4, 12] },
        },
        f32(1, 2, 3),
      ),
      /tensors "a" and "b" overlap/,
    ],
    [
      'a NaN',
      rawFile({ t: { dtype: 'F32', shape: [2], data_offsets: [0, 8] } }, f32(1, NaN)),
      /tensor "t": value 1 is NaN/,
    ],
    [
      'an Infinity',
      rawFile({ t: { dtype: 'F32', shape: [1], data_offsets: [0, 4] } }, f32(-Infinity)),
      /value 0 is -Infinity/,
    ],
    [
      'a bad shape',
      rawFile({ t: { dtype: 'F32', shape: [-1], data_offsets: [0, 4] } }, f32(1)),
      /shape \[-1\] is not a list of sizes/,
    ],
  ];
  for (const [what, bytes, message] of refusals) {
    it(`refuses ${what}, naming the file and the fault`, () => {
      expect(() => parseSafetensors(bytes, 'bad.safetensors')).toThrow(message);
      expect(() => parseSafetensors(bytes, 'bad.safetensors')).toThrow(/^bad\.safetensors: /);
    });
  }
});

/** A PyTorch-style VAE 784-h-d-h-784 with nn.Linear weights [out, in], named as pytorch/examples vae/main.py. */
function torchVae(h: number, d: number, seed = 3) {
  const rng = createRng(seed);
  const linear = (name: string, inn: number, out: number) => [
    {
      name: `${name}.weight`,
      shape: [out, inn],
      values: Float32Array.from({ length: out * inn }, () => (rng.next() - 0.5) * 0.2),
    },
    { name: `${name}.bias`, shape: [out], values: Float32Array.from({ length: out }, () => (rng.next() - 0.5) * 0.2) },
  ];
  const tensors = [
    ...linear('fc1', 784, h),
    ...linear('fc21', h, d),
    ...linear('fc22', h, d),
    ...linear('fc3', d, h),
    ...linear('fc4', h, 784),
  ];
  const description: TorchDescription = {
    format: TORCH_DESCRIPTION_FORMAT,
    family: 'vae',
    latentDim: d,
    likelihood: 'bernoulli',
    trainedOn: 'MNIST (PyTorch)',
    dataset: 'mnist',
    epochs: 1,
    beta: 1,
    seed: 0,
    name: 'torch-vae',
    layers: {
      encoder: [{ weight: 'fc1.weight', bias: 'fc1.bias' }],
      heads: [
        { weight: 'fc21.weight', bias: 'fc21.bias' },
        { weight: 'fc22.weight', bias: 'fc22.bias' },
      ],
      decoder: [
        { weight: 'fc3.weight', bias: 'fc3.bias' },
        { weight: 'fc4.weight', bias: 'fc4.bias' },
      ],
    },
  };
  return { tensors, description };
}

describe('torchModelFromSafetensors', () => {
  it('turns nn.Linear weights [out, in] into dense kernels [in, out] and a VAE the explorer loads', () => {
    const { tensors, description } = torchVae(16, 2);
    const bytes = writeSafetensors(tensors);
    const { arrays, meta } = torchModelFromSafetensors(bytes, 'vae.safetensors', JSON.stringify(description));
    expect(arrays.config).toMatchObject({ kind: 'vae', latentDim: 2, hidden: [16], likelihood: 'bernoulli' });
    expect(meta).toMatchObject({ kind: 'vae', latentDim: 2, hidden: [16], name: 'torch-vae', testMetrics: null });
    const w = tensors[0].values; // fc1.weight [16, 784]
    const k = arrays.encoder[0];
    expect([k.inputs, k.units]).toEqual([784, 16]);
    for (const [o, i] of [
      [0, 0],
      [3, 100],
      [15, 783],
    ])
      expect(k.kernel[i * 16 + o]).toBe(w[o * 784 + i]);
    expect(arrays.heads.map((l) => [l.inputs, l.units])).toEqual([
      [16, 2],
      [16, 2],
    ]);
    expect(arrays.decoder.map((l) => [l.inputs, l.units])).toEqual([
      [2, 16],
      [16, 784],
    ]);
  });

  it('reads the description from the file’s __metadata__ when no .json comes with it', () => {
    const { tensors, description } = torchVae(8, 3);
    const bytes = writeSafetensors(tensors, { [TORCH_METADATA_KEY]: JSON.stringify(description) });
    expect(torchModelFromSafetensors(bytes, 'vae.safetensors', null).arrays.config.latentDim).toBe(3);
    expect(() => torchModelFromSafetensors(writeSafetensors(tensors), 'vae.safetensors', null)).toThrow(
      /vae\.safetensors carries no description/,
    );
  });

  const faults: Array<[string, (t: ReturnType<typeof torchVae>) => void, RegExp]> = [
    [
      'a missing tensor',
      (m) => m.tensors.splice(2, 1),
      /tensor "fc21.weight" named by the description is not in the file/,
    ],
    [
      'an extra tensor',
      (m) => m.tensors.push({ name: 'extra', shape: [1], values: new Float32Array(1) }),
      /tensor "extra" is in the file but not in the description/,
    ],
    [
      'a head of the wrong size',
      (m) => (m.description.latentDim = 4),
      /tensor "fc21.weight" has shape \[2, 16\]: it gives 2 outputs, expected 4/,
    ],
    [
      'a layer that does not chain',
      (m) => (m.tensors[0] = { ...m.tensors[0], shape: [784, 16] }),
      /tensor "fc1.weight" has shape \[784, 16\]: it takes 16 inputs, the layer before gives 784/,
    ],
    [
      'a bias of the wrong length',
      (m) => (m.tensors[1] = { ...m.tensors[1], shape: [8], values: new Float32Array(8) }),
      /tensor "fc1.bias" has shape \[8\], expected \[16\]/,
    ],
    [
      'one head for a VAE',
      (m) => m.description.layers.heads.pop(),
      /a VAE encoder has two outputs \[zMean, zLogVar\], the description names 1/,
    ],
  ];
  for (const [what, spoil, message] of faults) {
    it(`refuses ${what}, naming the tensor`, () => {
      const m = torchVae(16, 2);
      spoil(m);
      expect(() =>
        torchModelFromSafetensors(writeSafetensors(m.tensors), 'vae.safetensors', JSON.stringify(m.description)),
      ).toThrow(message);
    });
  }

  it('refuses a description that is not one, naming its file', () => {
    const { tensors } = torchVae(8, 2);
    expect(() =>
      torchModelFromSafetensors(writeSafetensors(tensors), 'v.safetensors', '{"format": "other"}', 'v.json'),
    ).toThrow(/^v\.json: format: /);
  });
});
