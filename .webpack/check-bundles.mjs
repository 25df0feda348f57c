/**
 * Post-build guard: fail if a runtime bundle imports, or carries a bundled copy of, @cornerstonejs/*
 * or @ohif/* code. Two copies of cornerstone would split the image cache, metadata and tool state.
 * Evidence: import specifiers in the emitted JS, and the source maps' list of bundled sources; a
 * bundle without its source map cannot be checked, so it fails too (ORT's own wasm glue excepted).
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

const dir = path.resolve(process.argv[2] ?? 'dist/pima-ipn');
const importSpecifier = /(?:\bfrom\s*|\bimport\s*\(?\s*|\brequire\s*\(\s*)["'](@(?:cornerstonejs|ohif)\/[^"']*)["']/g;
const bundledSource = /(^|[\\/])node_modules[\\/]@(cornerstonejs|ohif)[\\/]/;

function* walk(d) {
  for (const name of readdirSync(d)) {
    const p = path.join(d, name);
    if (statSync(p).isDirectory()) yield* walk(p);
    else yield p;
  }
}

const problems = [];
const sizes = [];
for (const file of walk(dir)) {
  if (file.endsWith('.js') || file.endsWith('.mjs')) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(importSpecifier)) problems.push(`${path.relative(dir, file)} imports ${m[1]}`);
    if (!file.includes(`${path.sep}ort${path.sep}`)) {
      sizes.push([path.relative(dir, file), text.length]);
      if (!existsSync(`${file}.map`)) problems.push(`${path.relative(dir, file)} has no source map, so what it bundles cannot be checked`);
    }
  }
  if (file.endsWith('.map')) {
    const { sources = [] } = JSON.parse(readFileSync(file, 'utf8'));
    for (const s of sources) if (bundledSource.test(s)) problems.push(`${path.relative(dir, file)} bundles ${s}`);
  }
}

if (sizes.length === 0) problems.push(`no bundles found in ${dir}`);
for (const [name, bytes] of sizes) console.log(`bundle ${name.padEnd(40)} ${(bytes / 1024).toFixed(1).padStart(8)} KiB`);
if (problems.length) {
  console.error(`Bundle check FAILED (${problems.length}):\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
console.log('Bundle check passed: no @cornerstonejs/* or @ohif/* code in the runtime bundles.');
