// Bundles the extension (src/extension.ts and its dependencies, vscode-languageclient included)
// into one CommonJS file, dist/extension.js; `vscode` is provided by the editor.
//   node esbuild.mjs               a development build with a source map
//   node esbuild.mjs --production  the minified build that goes into the .vsix
//   node esbuild.mjs --watch       rebuilds on every change
import * as esbuild from 'esbuild';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

const options = {
  entryPoints: ['src/extension.ts'],
  bundle: true,
  outfile: 'dist/extension.js',
  external: ['vscode'],
  format: 'cjs',
  platform: 'node',
  target: 'node18',
  minify: production,
  sourcemap: !production,
  sourcesContent: false,
  legalComments: production ? 'none' : 'inline',
  logLevel: 'info',
};

if (watch) {
  const context = await esbuild.context(options);
  await context.watch();
} else {
  await esbuild.build(options);
}
