/**
 * Builds the inference-engine test page (tests/e2e/harness/engine-harness.ts) into dist/test-harness/,
 * with ORT's WASM pair copied to dist/test-harness/ort/ exactly as the product build does.
 */
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const outDir = path.join(root, 'dist', 'test-harness');
const ORT_FILES = ['ort-wasm-simd-threaded.asyncify.mjs', 'ort-wasm-simd-threaded.asyncify.wasm'];

class CopyOrtAndPagePlugin {
  apply(compiler) {
    compiler.hooks.afterEmit.tap('CopyOrtAndPagePlugin', () => {
      const from = path.join(root, 'node_modules', 'onnxruntime-web', 'dist');
      fs.mkdirSync(path.join(outDir, 'ort'), { recursive: true });
      for (const f of ORT_FILES) fs.copyFileSync(path.join(from, f), path.join(outDir, 'ort', f));
      fs.writeFileSync(
        path.join(outDir, 'index.html'),
        '<!doctype html><html><head><meta charset="utf-8"><title>engine harness</title></head>' +
          '<body><script type="module" src="./engine-harness.js"></script></body></html>\n',
      );
    });
  }
}

module.exports = {
  mode: 'production',
  context: root,
  target: ['web', 'es2022'],
  devtool: false,
  entry: { 'engine-harness': './tests/e2e/harness/engine-harness.ts' },
  experiments: { outputModule: true },
  output: {
    path: outDir,
    filename: '[name].js',
    chunkFilename: 'chunks/[name].[contenthash:8].js',
    chunkFormat: 'module',
    module: true,
    publicPath: 'auto',
    clean: true,
  },
  resolve: { extensions: ['.ts', '.mjs', '.js'] },
  module: {
    rules: [
      // ORT locates its wasm through new URL(..., import.meta.url); we set wasmPaths to ort/ instead, so keep
      // webpack from emitting a second 28 MB copy of the wasm (and of the glue) as hashed assets.
      { test: /[\\/]onnxruntime-web[\\/]/, parser: { url: false, worker: false } },
      {
        test: /\.ts$/,
        exclude: /node_modules/,
        use: { loader: 'ts-loader', options: { transpileOnly: true, compilerOptions: { noEmit: false } } },
      },
    ],
  },
  optimization: { minimize: false },
  performance: { hints: false },
  plugins: [new CopyOrtAndPagePlugin()],
};
