import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import {
  absoluteGlob,
  configurationChange,
  DEFAULT_SETTINGS,
  documentSelector,
  initializationOptions,
  isExcluded,
  needsRestart,
  readSettings,
} from '../src/settings';

/** A configuration as VS Code's `getConfiguration('torchscript')` answers it: dotted keys. */
function config(values: Record<string, unknown>) {
  return { get: (key: string) => values[key] };
}

describe('readSettings', () => {
  it('gives the defaults of package.json when nothing is set', () => {
    const { settings, problems } = readSettings(config({}));
    assert.deepEqual(settings, DEFAULT_SETTINGS);
    assert.deepEqual(problems, []);
  });

  it('reads every setting', () => {
    const { settings, problems } = readSettings(
      config({
        'java.home': ' /opt/jdk-21 ',
        sourceRoots: ['src', ' models ', ''],
        'files.include': ['models/**/*.py'],
        'files.exclude': ['**/tests/**'],
        diagnosticsDelayMs: 0,
        'inlayHints.variableTypes': false,
        'inlayHints.parameterTypes': true,
        'inlayHints.returnTypes': false,
        logLevel: 'debug',
        'server.args': ['--stdio'],
        'server.jvmArgs': ['-Xmx2g'],
      }),
    );
    assert.deepEqual(problems, []);
    assert.deepEqual(settings, {
      javaHome: '/opt/jdk-21',
      sourceRoots: ['src', 'models'],
      include: ['models/**/*.py'],
      exclude: ['**/tests/**'],
      diagnosticsDelayMs: 0,
      inlayHints: { variableTypes: false, parameterTypes: true, returnTypes: false },
      logLevel: 'debug',
      serverArgs: ['--stdio'],
      jvmArgs: ['-Xmx2g'],
    });
  });

  it('replaces values of the wrong type by their defaults and says why', () => {
    const { settings, problems } = readSettings(
      config({
        'java.home': 17,
        sourceRoots: 'src',
        'server.jvmArgs': ['-Xmx1g', 3],
        diagnosticsDelayMs: -5,
        logLevel: 'verbose',
        'inlayHints.returnTypes': 'no',
      }),
    );
    assert.equal(settings.javaHome, '');
    assert.deepEqual(settings.sourceRoots, []);
    assert.deepEqual(settings.jvmArgs, []);
    assert.equal(settings.diagnosticsDelayMs, 20);
    assert.equal(settings.logLevel, 'warn');
    assert.equal(settings.inlayHints.returnTypes, true);
    assert.deepEqual(problems, [
      'torchscript.diagnosticsDelayMs must be a whole number of milliseconds (0 or more); using 20',
      'torchscript.logLevel must be one of off, error, warn, info, debug, trace; using warn',
      'torchscript.java.home must be a string; using ""',
      'torchscript.sourceRoots must be an array of strings; using []',
      'torchscript.inlayHints.returnTypes must be true or false; using true',
      'torchscript.server.jvmArgs must be an array of strings; using []',
    ]);
  });

  it('says so when include names no pattern', () => {
    const { settings, problems } = readSettings(config({ 'files.include': [' '] }));
    assert.deepEqual(settings.include, []);
    assert.deepEqual(problems, ['torchscript.files.include names no pattern; no file is checked']);
    assert.deepEqual(documentSelector(settings), []);
  });
});

describe('package.json', () => {
  const manifest = JSON.parse(fs.readFileSync(path.resolve(__dirname, '..', '..', 'package.json'), 'utf8')) as {
    contributes: { configuration: { properties: Record<string, { default: unknown }> } };
  };
  const properties = manifest.contributes.configuration.properties;

  it('declares the defaults that readSettings assumes', () => {
    const declared: Record<string, unknown> = {};
    for (const [key, p] of Object.entries(properties)) {
      declared[key.replace(/^torchscript\./, '')] = p.default;
    }
    const seen = new Set<string>();
    const { settings, problems } = readSettings({
      get: (key) => {
        seen.add(key);
        return declared[key];
      },
    });
    assert.deepEqual(problems, []);
    assert.deepEqual(settings, DEFAULT_SETTINGS);
    // every setting read is declared (trace.server is read by vscode-languageclient itself)
    assert.deepEqual([...seen].filter((k) => !(k in declared)), []);
    assert.deepEqual(Object.keys(declared).filter((k) => !seen.has(k)), ['trace.server']);
  });
});

describe('what the server is told', () => {
  const { settings } = readSettings(
    config({ sourceRoots: ['src'], diagnosticsDelayMs: 50, 'inlayHints.parameterTypes': false, 'java.home': '/jdk' }),
  );

  it('initializationOptions carry the keys of the server\'s Settings, and nothing of the client', () => {
    assert.deepEqual(initializationOptions(settings), {
      sourceRoots: ['src'],
      diagnosticsDelayMs: 50,
      inlayHints: { variableTypes: true, parameterTypes: false, returnTypes: true },
    });
  });

  it('a configuration change nests them under "torchscript"', () => {
    assert.deepEqual(configurationChange(settings), { torchscript: initializationOptions(settings) });
  });

  it('an emptied sourceRoots is sent as [] (the server then uses the workspace folder)', () => {
    assert.deepEqual(initializationOptions(DEFAULT_SETTINGS).sourceRoots, []);
  });
});

describe('needsRestart', () => {
  const base = DEFAULT_SETTINGS;
  it('is false for what the running server takes', () => {
    assert.equal(needsRestart(base, { ...base, sourceRoots: ['src'] }), false);
    assert.equal(needsRestart(base, { ...base, diagnosticsDelayMs: 0 }), false);
    assert.equal(needsRestart(base, { ...base, inlayHints: { ...base.inlayHints, returnTypes: false } }), false);
  });
  it('is true for what is fixed when the process starts', () => {
    assert.equal(needsRestart(base, { ...base, javaHome: '/jdk' }), true);
    assert.equal(needsRestart(base, { ...base, logLevel: 'trace' }), true);
    assert.equal(needsRestart(base, { ...base, jvmArgs: ['-Xmx1g'] }), true);
    assert.equal(needsRestart(base, { ...base, serverArgs: ['--x'] }), true);
    assert.equal(needsRestart(base, { ...base, include: ['src/**/*.py'] }), true);
    assert.equal(needsRestart(base, { ...base, exclude: ['**/t/**'] }), true);
  });
});

describe('files', () => {
  it('relative globs match at any depth of an absolute path', () => {
    assert.equal(absoluteGlob('models/**/*.py'), '**/models/**/*.py');
    assert.equal(absoluteGlob('**/*.py'), '**/*.py');
    assert.equal(absoluteGlob('/abs/**'), '/abs/**');
    assert.equal(absoluteGlob('C:\\src\\**'), 'C:/src/**');
  });

  it('the document selector holds Python files on disk that match, and unsaved Python editors', () => {
    const s = { ...DEFAULT_SETTINGS, include: ['**/*.py', 'models/*.py', '**/*.py'] };
    assert.deepEqual(documentSelector(s), [
      { scheme: 'file', language: 'python', pattern: '**/*.py' },
      { scheme: 'file', language: 'python', pattern: '**/models/*.py' },
      { scheme: 'untitled', language: 'python' },
    ]);
  });

  it('exclude globs hide files by their absolute path', () => {
    const exclude = ['**/tests/**', 'build/*.py'];
    assert.equal(isExcluded('/home/u/project/tests/test_model.py', exclude), true);
    assert.equal(isExcluded('/home/u/project/build/gen.py', exclude), true);
    assert.equal(isExcluded('/home/u/project/build/sub/gen.py', exclude), false);
    assert.equal(isExcluded('/home/u/project/model.py', exclude), false);
    assert.equal(isExcluded('/home/u/.hidden/tests/x.py', exclude), true);
    assert.equal(isExcluded('/home/u/project/model.py', []), false);
  });
});
