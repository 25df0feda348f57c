/**
 * jest's sandbox has its own Float32Array; onnxruntime-node's native binding returns outer-realm typed arrays,
 * which then fail onnxruntime-common's `instanceof Float32Array` check. Sharing the outer constructors fixes it.
 * Use with the docblock `@jest-environment ./tests/unit/engine/sharedTypedArraysEnvironment.cjs`.
 */
const { TestEnvironment } = require('jest-environment-node');

const SHARED = [
  'ArrayBuffer', 'SharedArrayBuffer', 'DataView',
  'Int8Array', 'Uint8Array', 'Uint8ClampedArray', 'Int16Array', 'Uint16Array', 'Int32Array', 'Uint32Array',
  'Float32Array', 'Float64Array', 'BigInt64Array', 'BigUint64Array',
];

class SharedTypedArraysEnvironment extends TestEnvironment {
  constructor(config, context) {
    super(config, context);
    for (const name of SHARED) if (globalThis[name]) this.global[name] = globalThis[name];
  }
}

module.exports = SharedTypedArraysEnvironment;
