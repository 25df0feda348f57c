/**
 * jest's node environment gives each test file its own typed-array constructors, but the
 * onnxruntime-node binding returns typed arrays of Node's main realm, so onnxruntime-common's
 * `instanceof Float32Array` check fails on every output. Sharing the main realm's constructors
 * with the test file makes both sides agree.
 */
const { TestEnvironment } = require('jest-environment-node');

const SHARED = ['ArrayBuffer', 'SharedArrayBuffer', 'DataView', 'Float32Array', 'Float64Array', 'Int8Array',
  'Int16Array', 'Int32Array', 'Uint8Array', 'Uint8ClampedArray', 'Uint16Array', 'Uint32Array',
  'BigInt64Array', 'BigUint64Array'];

class OrtNodeEnvironment extends TestEnvironment {
  constructor(config, context) {
    super(config, context);
    for (const name of SHARED) this.global[name] = globalThis[name];
  }
}

module.exports = OrtNodeEnvironment;
