import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { buildServerCommand, loggingProperties, MAIN_CLASS, missingServer, serverLibDir } from '../src/serverCommand';

describe('buildServerCommand', () => {
  const extensionDir = path.join(path.sep, 'ext');
  const cp = path.join(extensionDir, 'server', 'lib', '*');

  it('runs the CLI\'s lsp command on stdio with the bundled class path', () => {
    const c = buildServerCommand({ java: '/jdk/bin/java', extensionDir, settings: { jvmArgs: [], serverArgs: [] } });
    assert.equal(c.command, '/jdk/bin/java');
    assert.deepEqual(c.args, ['-cp', cp, MAIN_CLASS, 'lsp', '--stdio']);
    assert.deepEqual(c.problems, []);
  });

  it('puts JVM options and the logging configuration before the class path, server arguments after lsp', () => {
    const c = buildServerCommand({
      java: 'java',
      extensionDir,
      settings: { jvmArgs: ['-Xmx2g', ' ', '-XX:+UseSerialGC'], serverArgs: ['--verbose'] },
      loggingConfig: '/store/logging-debug.properties',
    });
    assert.deepEqual(c.args, [
      '-Xmx2g',
      '-XX:+UseSerialGC',
      '-Djava.util.logging.config.file=/store/logging-debug.properties',
      '-cp',
      cp,
      MAIN_CLASS,
      'lsp',
      '--stdio',
      '--verbose',
    ]);
  });

  it('drops --port (with its value) and a second --stdio, and says why', () => {
    const c = buildServerCommand({
      java: 'java',
      extensionDir,
      settings: { jvmArgs: [], serverArgs: ['--port', '5007', '--a', '--port=9', '--stdio'] },
    });
    assert.deepEqual(c.args.slice(-4), [MAIN_CLASS, 'lsp', '--stdio', '--a']);
    assert.deepEqual(c.problems, [
      'torchscript.server.args: --port is ignored (the extension talks to the server on standard input and output)',
      'torchscript.server.args: --port=9 is ignored (the extension talks to the server on standard input and output)',
      'torchscript.server.args: --stdio is ignored (the extension talks to the server on standard input and output)',
    ]);
  });
});

describe('loggingProperties', () => {
  it('maps the setting to java.util.logging levels on the console handler (standard error)', () => {
    const text = loggingProperties('debug');
    assert.match(text, /^handlers=java\.util\.logging\.ConsoleHandler$/m);
    assert.match(text, /^\.level=FINE$/m);
    assert.match(text, /^java\.util\.logging\.ConsoleHandler\.level=FINE$/m);
    assert.match(loggingProperties('off'), /^\.level=OFF$/m);
    assert.match(loggingProperties('error'), /^\.level=SEVERE$/m);
    assert.match(loggingProperties('trace'), /^\.level=FINEST$/m);
  });
});

describe('missingServer', () => {
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'torchscript-ext-'));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('names the missing folder, then the missing jar, then nothing', () => {
    assert.match(missingServer(dir) ?? '', /no folder .*server.lib\)/);
    fs.mkdirSync(serverLibDir(dir), { recursive: true });
    fs.writeFileSync(path.join(serverLibDir(dir), 'checker-0.1.0.jar'), '');
    assert.match(missingServer(dir) ?? '', /no torchscript-cli jar in/);
    fs.writeFileSync(path.join(serverLibDir(dir), 'torchscript-cli-0.1.0-SNAPSHOT.jar'), '');
    assert.equal(missingServer(dir), undefined);
  });
});
