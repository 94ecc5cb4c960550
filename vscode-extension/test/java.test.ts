import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { expandHome, findJava, javaInHome, javaOnPath, MINIMUM_JAVA, noJavaMessage, parseJavaVersion, REAL_FILES } from '../src/java';

const posix = process.platform !== 'win32';

describe('parseJavaVersion', () => {
  it('reads the major version of every format java -version has used', () => {
    assert.equal(parseJavaVersion('openjdk version "17.0.15" 2025-04-15\nOpenJDK Runtime Environment'), 17);
    assert.equal(parseJavaVersion('java version "1.8.0_292"\nJava(TM) SE Runtime Environment'), 8);
    assert.equal(parseJavaVersion('openjdk version "21-ea" 2023-09-19'), 21);
    assert.equal(parseJavaVersion('openjdk version "25" 2025-09-16'), 25);
    assert.equal(parseJavaVersion('java version "9"'), 9);
    assert.equal(parseJavaVersion('Picked up JAVA_TOOL_OPTIONS: -Xmx1g\nopenjdk version "11.0.2" 2019-01-15'), 11);
  });
  it('is undefined when the text names no version', () => {
    assert.equal(parseJavaVersion('bash: java: command not found'), undefined);
    assert.equal(parseJavaVersion('version "unknown"'), undefined);
  });
});

describe('expandHome', () => {
  it('expands ~ and ~/ only', () => {
    assert.equal(expandHome('~', '/home/u'), '/home/u');
    assert.equal(expandHome('~/jdk', '/home/u'), path.join('/home/u', 'jdk'));
    assert.equal(expandHome('/opt/~x', '/home/u'), '/opt/~x');
  });
});

/** Folders with stand-in `java` programs that print a given version, as a JDK's launcher does. */
describe('findJava on real folders', { skip: !posix && 'stand-in java programs are shell scripts' }, () => {
  let root: string;
  const fakeJdk = (name: string, versionLine: string, exitCode = 0): string => {
    const home = path.join(root, name);
    fs.mkdirSync(path.join(home, 'bin'), { recursive: true });
    const java = path.join(home, 'bin', 'java');
    fs.writeFileSync(java, `#!/bin/sh\necho '${versionLine}' >&2\nexit ${exitCode}\n`, { mode: 0o755 });
    return home;
  };
  let jdk8: string;
  let jdk17: string;
  let jdk21: string;
  let broken: string;

  before(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'torchscript-java-'));
    jdk8 = fakeJdk('jdk8', 'java version "1.8.0_292"');
    jdk17 = fakeJdk('jdk17', 'openjdk version "17.0.15" 2025-04-15');
    jdk21 = fakeJdk('jdk21', 'openjdk version "21.0.1" 2023-10-17');
    broken = fakeJdk('broken', 'Error: could not find libjava.so', 1);
    fs.mkdirSync(path.join(root, 'notajdk'));
  });
  after(() => fs.rmSync(root, { recursive: true, force: true }));

  it('takes the setting first', async () => {
    const r = await findJava({ javaHomeSetting: jdk21, env: { JAVA_HOME: jdk17, PATH: path.join(jdk17, 'bin') } });
    assert.equal(r.found, true);
    assert.ok(r.found);
    assert.equal(r.executable, path.join(jdk21, 'bin', 'java'));
    assert.equal(r.version, 21);
    assert.equal(r.source, 'torchscript.java.home');
  });

  it('accepts the java executable itself in the setting', async () => {
    const r = await findJava({ javaHomeSetting: path.join(jdk17, 'bin', 'java'), env: {} });
    assert.ok(r.found);
    assert.equal(r.version, 17);
  });

  it('then JAVA_HOME, then the first java on PATH', async () => {
    const a = await findJava({ javaHomeSetting: '', env: { JAVA_HOME: jdk17, PATH: path.join(jdk21, 'bin') } });
    assert.ok(a.found);
    assert.equal(a.source, 'JAVA_HOME');
    const b = await findJava({ javaHomeSetting: '', env: { PATH: [path.join(root, 'nothing'), path.join(jdk21, 'bin'), path.join(jdk17, 'bin')].join(':') } });
    assert.ok(b.found);
    assert.equal(b.source, 'PATH');
    assert.equal(b.executable, path.join(jdk21, 'bin', 'java'));
  });

  it('goes past a Java that is too old or broken, and says so in the attempts', async () => {
    const r = await findJava({ javaHomeSetting: jdk8, env: { JAVA_HOME: broken, PATH: path.join(jdk17, 'bin') } });
    assert.ok(r.found);
    assert.equal(r.source, 'PATH');
    assert.deepEqual(
      r.attempts.map((a) => [a.source, a.version, a.problem]),
      [
        ['torchscript.java.home', 8, `is Java 8, older than ${MINIMUM_JAVA}`],
        ['JAVA_HOME', undefined, 'did not run (Error: could not find libjava.so)'],
        ['PATH', 17, undefined],
      ],
    );
  });

  it('fails with a message that lists what was tried and names the setting', async () => {
    const r = await findJava({
      javaHomeSetting: path.join(root, 'missing'),
      env: { JAVA_HOME: path.join(root, 'notajdk'), PATH: path.join(jdk8, 'bin') },
    });
    assert.equal(r.found, false);
    assert.ok(!r.found);
    assert.equal(
      r.message,
      `TorchScript: the language server needs Java 17 or newer, and none was found (torchscript.java.home: ${path.join(root, 'missing')} ` +
        `does not exist; JAVA_HOME: ${path.join(root, 'notajdk')} has no bin/java; ` +
        `PATH: ${path.join(jdk8, 'bin', 'java')} is Java 8, older than 17). Install a JDK 17+ and set "torchscript.java.home" to its folder, or set JAVA_HOME.`,
    );
  });

  it('fails when there is no java at all', async () => {
    const r = await findJava({ javaHomeSetting: '', env: { PATH: path.join(root, 'notajdk') } });
    assert.ok(!r.found);
    assert.match(r.message, /\(PATH: no java on PATH\)/);
  });

  it('javaInHome and javaOnPath look at the real file system', () => {
    assert.deepEqual(javaInHome(jdk17, REAL_FILES, 'linux'), { executable: path.join(jdk17, 'bin', 'java') });
    assert.deepEqual(javaInHome(path.join(root, 'notajdk'), REAL_FILES, 'linux'), {
      problem: 'has no bin/java',
    });
    fs.writeFileSync(path.join(root, 'notajdk', 'java'), 'not executable', { mode: 0o644 });
    assert.deepEqual(javaOnPath(`${path.join(root, 'notajdk')}::${path.join(jdk8, 'bin')}`, REAL_FILES, 'linux'), [path.join(jdk8, 'bin', 'java')]);
  });
});

describe('findJava with the machine\'s own java', () => {
  let machineJava: string | undefined;
  try {
    machineJava = execFileSync('sh', ['-c', 'command -v java'], { encoding: 'utf8' }).trim() || undefined;
  } catch {
    machineJava = undefined;
  }
  it('runs the real java -version', { skip: !posix || !machineJava ? 'no java on PATH' : false }, async () => {
    const r = await findJava({ javaHomeSetting: '', env: { PATH: process.env.PATH } });
    // The build of this project needs Java 17+, so the machine's java is found.
    assert.ok(r.found, r.found ? '' : r.message);
    assert.ok(r.version >= MINIMUM_JAVA);
  });
});

describe('platform rules', () => {
  it('on Windows the launcher is java.exe and PATH is split at ;', () => {
    const files = { isExecutableFile: (p: string) => p === path.join('C:\\jdk\\bin', 'java.exe'), isDirectory: () => false };
    assert.deepEqual(javaOnPath('C:\\tools;C:\\jdk\\bin', files, 'win32'), [path.join('C:\\jdk\\bin', 'java.exe')]);
  });
  it('noJavaMessage names each source once', () => {
    assert.match(noJavaMessage([{ source: 'PATH', location: 'PATH', problem: 'no java on PATH' }]), /\(PATH: no java on PATH\)/);
  });
});
