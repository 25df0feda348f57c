/**
 * Runtime bundles for the prebuilt OHIF 3.13 viewer: ES modules with a default export, loaded by
 * the host through a native import() of their URL (window.config.extensions / .modes).
 * React 18.3 is bundled (rendered as an island); @cornerstonejs/* and @ohif/* never are.
 */
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const outDir = path.join(root, 'dist', 'pima-ipn');

/** ORT's WASM runtime travels next to our bundle: the host's /ort/ folder is an older ORT (1.17.1). */
const ORT_FILES = ['ort-wasm-simd-threaded.asyncify.mjs', 'ort-wasm-simd-threaded.asyncify.wasm'];

class CopyOrtRuntimePlugin {
  apply(compiler) {
    compiler.hooks.afterEmit.tap('CopyOrtRuntimePlugin', () => {
      const from = path.join(root, 'node_modules', 'onnxruntime-web', 'dist');
      const to = path.join(outDir, 'ort');
      fs.mkdirSync(to, { recursive: true });
      for (const file of ORT_FILES) fs.copyFileSync(path.join(from, file), path.join(to, file));
    });
  }
}

/** Refuse host libraries at resolve time, so a stray value import fails the build at once. */
function forbidHostLibraries({ request }, callback) {
  if (/^@(cornerstonejs|ohif)\//.test(request || '')) {
    return callback(new Error(`'${request}' must come from the host (getCornerstoneLibraries / services), never the bundle. Use 'import type'.`));
  }
  return callback();
}

module.exports = {
  mode: 'production',
  context: root,
  target: ['web', 'es2022'],
  devtool: 'source-map',
  entry: {
    extension: './extension/src/index.tsx',
    mode: './mode/src/index.ts',
  },
  experiments: { outputModule: true },
  output: {
    path: outDir,
    filename: '[name].js',
    chunkFilename: 'chunks/[name].[contenthash:8].js',
    library: { type: 'module' },
    chunkFormat: 'module',
    module: true,
    publicPath: 'auto',
    clean: true,
  },
  resolve: { extensions: ['.tsx', '.ts', '.mjs', '.js'] },
  externals: [forbidHostLibraries],
  module: {
    rules: [
      {
        // ORT's bundle names its wasm/mjs via new URL(…, import.meta.url); we ship our own copy in ort/
        // and point wasmPaths at it, so webpack must not emit a second 28 MB copy.
        test: /onnxruntime-web[\\/]dist[\\/].*\.mjs$/,
        parser: { url: false },
      },
      {
        test: /\.tsx?$/,
        exclude: /node_modules/,
        use: {
          loader: 'ts-loader',
          options: { transpileOnly: true, compilerOptions: { noEmit: false, sourceMap: true } },
        },
      },
    ],
  },
  optimization: { splitChunks: false },
  performance: { hints: false },
  plugins: [new CopyOrtRuntimePlugin()],
};
