/**
 * Finding the Java that runs the language server: the `torchscript.java.home` setting, then
 * `JAVA_HOME`, then `java` on `PATH`; the first one that is Java 17 or newer wins.
 *
 * No `vscode` import: the file system and the process runner are passed in, so that tests use
 * real folders with stand-in `java` programs.
 */
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** The oldest Java the server runs on (the project is built for release 17). */
export const MINIMUM_JAVA = 17;

/** Where a candidate `java` came from. */
export type JavaSource = 'torchscript.java.home' | 'JAVA_HOME' | 'PATH';

export interface JavaCandidate {
  source: JavaSource;
  /** The `java` executable to run. */
  executable: string;
}

/** What a search tried, for the error message and the output channel. */
export interface JavaAttempt {
  source: JavaSource;
  /** The executable (or, when there was none, the folder or setting that was looked at). */
  location: string;
  /** The major version, when the executable ran and said one. */
  version?: number;
  /** Why it was not taken, when it was not. */
  problem?: string;
}

export type JavaSearch =
  | { found: true; executable: string; version: number; source: JavaSource; attempts: JavaAttempt[] }
  | { found: false; message: string; attempts: JavaAttempt[] };

/** The file system questions the search asks (real by default). */
export interface FileProbe {
  isExecutableFile(p: string): boolean;
  isDirectory(p: string): boolean;
}

export const REAL_FILES: FileProbe = {
  isExecutableFile(p) {
    try {
      if (!fs.statSync(p).isFile()) {
        return false;
      }
      if (process.platform !== 'win32') {
        fs.accessSync(p, fs.constants.X_OK);
      }
      return true;
    } catch {
      return false;
    }
  },
  isDirectory(p) {
    try {
      return fs.statSync(p).isDirectory();
    } catch {
      return false;
    }
  },
};

/** Runs `java -version` and answers its output (Java prints the version on standard error). */
export type VersionProbe = (executable: string) => Promise<string>;

export const RUN_JAVA_VERSION: VersionProbe = (executable) =>
  new Promise((resolve, reject) => {
    execFile(executable, ['-version'], { timeout: 15000, windowsHide: true }, (error, stdout, stderr) => {
      if (error) {
        const detail = String(stderr || error.message).trim().split(/\r?\n/)[0];
        reject(new Error(detail || error.message));
      } else {
        resolve(`${stderr}${stdout}`);
      }
    });
  });

/** The name of the Java launcher on this platform. */
export function javaExecutableName(platform: NodeJS.Platform = process.platform): string {
  return platform === 'win32' ? 'java.exe' : 'java';
}

/**
 * The major version in the output of `java -version`: `openjdk version "17.0.15" 2025-04-15` is
 * 17, `java version "1.8.0_292"` is 8, `openjdk version "21-ea"` is 21. Undefined when the text
 * names no version.
 */
export function parseJavaVersion(output: string): number | undefined {
  const m = /version\s+"([^"]+)"/.exec(output);
  if (!m) {
    return undefined;
  }
  const parts = /^(\d+)(?:\.(\d+))?/.exec(m[1]);
  if (!parts) {
    return undefined;
  }
  const first = Number(parts[1]);
  return first === 1 && parts[2] !== undefined ? Number(parts[2]) : first;
}

/** `~` and `~/...` name the user's home folder. */
export function expandHome(p: string, home: string = os.homedir()): string {
  if (p === '~') {
    return home;
  }
  return p.startsWith('~/') || p.startsWith('~\\') ? path.join(home, p.slice(2)) : p;
}

/**
 * The `java` executable that a setting or `JAVA_HOME` names: a Java home folder (holding
 * `bin/java`), or the executable itself; otherwise why not (a phrase that follows the path).
 */
export function javaInHome(
  home: string,
  files: FileProbe,
  platform: NodeJS.Platform = process.platform,
): { executable: string } | { problem: string } {
  const exe = javaExecutableName(platform);
  if (files.isDirectory(home)) {
    const candidate = path.join(home, 'bin', exe);
    return files.isExecutableFile(candidate) ? { executable: candidate } : { problem: `has no bin/${exe}` };
  }
  if (files.isExecutableFile(home)) {
    return { executable: home };
  }
  return { problem: 'does not exist' };
}

/** The `java` executables on `PATH`, in order (usually one, the first). */
export function javaOnPath(
  pathVariable: string | undefined,
  files: FileProbe,
  platform: NodeJS.Platform = process.platform,
): string[] {
  const delimiter = platform === 'win32' ? ';' : ':';
  const exe = javaExecutableName(platform);
  const found: string[] = [];
  for (const dir of (pathVariable ?? '').split(delimiter)) {
    if (dir.trim() === '') {
      continue;
    }
    const candidate = path.join(dir, exe);
    if (files.isExecutableFile(candidate) && !found.includes(candidate)) {
      found.push(candidate);
    }
  }
  return found;
}

export interface JavaSearchOptions {
  /** The `torchscript.java.home` setting ('' when unset). */
  javaHomeSetting: string;
  env: NodeJS.ProcessEnv;
  files?: FileProbe;
  probe?: VersionProbe;
  platform?: NodeJS.Platform;
  homeDir?: string;
}

/**
 * Looks for Java 17+ in the order of the setting, `JAVA_HOME`, then `PATH` (only its first
 * `java`, the one a shell would run). Each candidate is run with `-version`; the first that says
 * 17 or newer is the answer. Otherwise the answer is a message that lists what was tried.
 */
export async function findJava(options: JavaSearchOptions): Promise<JavaSearch> {
  const files = options.files ?? REAL_FILES;
  const probe = options.probe ?? RUN_JAVA_VERSION;
  const platform = options.platform ?? process.platform;
  const attempts: JavaAttempt[] = [];
  const candidates: JavaCandidate[] = [];

  const fromHome = (source: JavaSource, home: string) => {
    const r = javaInHome(expandHome(home, options.homeDir), files, platform);
    if ('executable' in r) {
      candidates.push({ source, executable: r.executable });
    } else {
      attempts.push({ source, location: home, problem: r.problem });
    }
  };
  if (options.javaHomeSetting.trim() !== '') {
    fromHome('torchscript.java.home', options.javaHomeSetting.trim());
  }
  const javaHome = options.env.JAVA_HOME;
  if (javaHome && javaHome.trim() !== '') {
    fromHome('JAVA_HOME', javaHome.trim());
  }
  const onPath = javaOnPath(options.env.PATH ?? options.env.Path, files, platform);
  if (onPath.length > 0) {
    candidates.push({ source: 'PATH', executable: onPath[0] });
  } else {
    attempts.push({ source: 'PATH', location: 'PATH', problem: `no ${javaExecutableName(platform)} on PATH` });
  }

  // The order of the answer follows the order of the search, whatever failed before probing.
  const order: JavaSource[] = ['torchscript.java.home', 'JAVA_HOME', 'PATH'];
  for (const c of candidates) {
    let attempt: JavaAttempt;
    try {
      const version = parseJavaVersion(await probe(c.executable));
      attempt =
        version === undefined
          ? { source: c.source, location: c.executable, problem: 'did not say its version' }
          : version < MINIMUM_JAVA
            ? { source: c.source, location: c.executable, version, problem: `is Java ${version}, older than ${MINIMUM_JAVA}` }
            : { source: c.source, location: c.executable, version };
    } catch (e) {
      attempt = { source: c.source, location: c.executable, problem: `did not run (${(e as Error).message})` };
    }
    attempts.push(attempt);
    if (attempt.problem === undefined && attempt.version !== undefined) {
      attempts.sort((a, b) => order.indexOf(a.source) - order.indexOf(b.source));
      return { found: true, executable: c.executable, version: attempt.version, source: c.source, attempts };
    }
  }
  attempts.sort((a, b) => order.indexOf(a.source) - order.indexOf(b.source));
  return { found: false, message: noJavaMessage(attempts), attempts };
}

/** The error shown when no Java 17+ was found: what was tried, and what to do. */
export function noJavaMessage(attempts: JavaAttempt[]): string {
  const tried = attempts.map((a) => `${a.source}: ${a.location === a.source ? '' : `${a.location} `}${a.problem ?? ''}`.trim());
  return (
    `TorchScript: the language server needs Java ${MINIMUM_JAVA} or newer, and none was found ` +
    `(${tried.join('; ')}). Install a JDK ${MINIMUM_JAVA}+ and set "torchscript.java.home" to its folder, ` +
    'or set JAVA_HOME.'
  );
}
