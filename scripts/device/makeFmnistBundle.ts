/**
 * Writes the full Fashion-MNIST (60,000 training images, then the official 10,000 test images as the
 * designated test rows) as one gzipped Sweeplab image bundle, the same bundle scripts/bench-fmnist.ts builds
 * in memory. scripts/device/gpu_bench.py answers the page's request for datasets/fashion-mnist-9k.bin.gz with
 * it, as plain bytes (application/octet-stream, no Content-Encoding): the page gunzips bundles itself
 * (data/images/imageBuiltins.ts: loadImageBundle checks the gzip magic).
 *
 * Usage: npx tsx scripts/device/makeFmnistBundle.ts [out=.devicepkg/fashion-mnist-full.bin.gz]
 * Needs Debian's dataset-fashion-mnist (apt-get install -y dataset-fashion-mnist): /usr/share/datasets/fashion-mnist.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { encodeImageBundle, parseImageBundle } from '../../src/data/images/imageBuiltins';

const DIR = '/usr/share/datasets/fashion-mnist';
const CLASSES = ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot'];
const out = process.argv[2] ?? '.devicepkg/fashion-mnist-full.bin.gz';

function readIdx(file: string): { count: number; bytes: Uint8Array } {
  const bytes = gunzipSync(readFileSync(join(DIR, file)));
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const dims = view.getUint8(3);
  return { count: view.getUint32(4), bytes: bytes.subarray(4 + dims * 4) };
}

if (!existsSync(DIR)) {
  console.error(`Fashion-MNIST is not installed: apt-get install -y dataset-fashion-mnist (files under ${DIR}).`);
  process.exit(1);
}
const [trainImages, trainLabels] = [readIdx('train-images-idx3-ubyte.gz'), readIdx('train-labels-idx1-ubyte.gz')];
const [testImages, testLabels] = [readIdx('t10k-images-idx3-ubyte.gz'), readIdx('t10k-labels-idx1-ubyte.gz')];
const numRows = trainImages.count + testImages.count;
const pixels = new Uint8Array(numRows * 784);
pixels.set(trainImages.bytes, 0);
pixels.set(testImages.bytes, trainImages.count * 784);
const labels = new Uint8Array(numRows);
labels.set(trainLabels.bytes, 0);
labels.set(testLabels.bytes, trainLabels.count);
const bundle = encodeImageBundle({ channels: 1, height: 28, width: 28, pixelMax: 255, classNames: CLASSES, numRows, numTest: testImages.count }, labels, pixels);
// Checked the way the page reads it before it is written.
const parsed = parseImageBundle(bundle);
if (parsed.data.numRows !== 70_000 || parsed.testRows.length !== 10_000) throw new Error('unexpected bundle shape');
mkdirSync(dirname(out), { recursive: true });
const gz = gzipSync(bundle, { level: 9 });
writeFileSync(out, gz);
console.log(`${out}: ${numRows} images (${testImages.count} test), ${(gz.length / 1e6).toFixed(1)} MB gzipped`);
