// Fails packaging with a clear message when the language server has not been copied into
// server/lib (the Maven build does that; see README.md).
import * as fs from 'node:fs';

const lib = new URL('../server/lib/', import.meta.url);
let names = [];
try {
  names = fs.readdirSync(lib);
} catch {
  // reported below
}
if (!names.some((n) => /^torchscript-cli-.*\.jar$/.test(n))) {
  console.error(
    'The language server is not in server/lib. Build it into the extension first, from the ' +
      'project root: mvn -B -pl vscode-extension -am package -DskipTests',
  );
  process.exit(1);
}
console.log(`server/lib: ${names.length} jars`);
