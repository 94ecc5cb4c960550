/**
 * The extension's settings (the `torchscript.*` section): read and validated from VS Code's
 * configuration, and turned into what the language server understands.
 *
 * This module does not import `vscode`, so that its logic is tested without an editor: the
 * configuration is anything with a `get(key)` method, as `vscode.WorkspaceConfiguration` has.
 */

import { minimatch } from 'minimatch';

/** What the extension needs of `vscode.WorkspaceConfiguration`. */
export interface ConfigurationLike {
  get(section: string): unknown;
}

/** The log levels of the `torchscript.logLevel` setting, from quietest to loudest. */
export const LOG_LEVELS = ['off', 'error', 'warn', 'info', 'debug', 'trace'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Which inferred types the server shows as inlay hints (its `inlayHints` option). */
export interface InlayHintOptions {
  variableTypes: boolean;
  parameterTypes: boolean;
  returnTypes: boolean;
}

/** The validated `torchscript.*` settings. */
export interface ExtensionSettings {
  /** `torchscript.java.home`; empty when unset. */
  javaHome: string;
  sourceRoots: string[];
  /** Globs of the files sent to the server (its document selector). */
  include: string[];
  /** Globs (relative to a workspace folder) of files whose diagnostics are hidden. */
  exclude: string[];
  diagnosticsDelayMs: number;
  inlayHints: InlayHintOptions;
  logLevel: LogLevel;
  serverArgs: string[];
  jvmArgs: string[];
}

/** The defaults, as declared in package.json's `contributes.configuration`. */
export const DEFAULT_SETTINGS: ExtensionSettings = Object.freeze({
  javaHome: '',
  sourceRoots: [],
  include: ['**/*.py'],
  exclude: [],
  diagnosticsDelayMs: 20,
  inlayHints: Object.freeze({ variableTypes: true, parameterTypes: true, returnTypes: true }),
  logLevel: 'warn',
  serverArgs: [],
  jvmArgs: [],
});

/** Settings and, for each value that was ignored, a sentence saying why (for the output channel). */
export interface ReadSettings {
  settings: ExtensionSettings;
  problems: string[];
}

/**
 * Reads the `torchscript` section. A value of the wrong type is replaced by its default and
 * reported in `problems`; VS Code's own schema check only warns in the settings editor, and
 * `settings.json` may hold anything.
 */
export function readSettings(config: ConfigurationLike): ReadSettings {
  const problems: string[] = [];
  const d = DEFAULT_SETTINGS;

  const str = (key: string, otherwise: string): string => {
    const v = config.get(key);
    if (v === undefined || v === null) {
      return otherwise;
    }
    if (typeof v !== 'string') {
      problems.push(`torchscript.${key} must be a string; using ${JSON.stringify(otherwise)}`);
      return otherwise;
    }
    return v.trim();
  };
  const strings = (key: string, otherwise: string[]): string[] => {
    const v = config.get(key);
    if (v === undefined || v === null) {
      return [...otherwise];
    }
    if (!Array.isArray(v) || v.some((e) => typeof e !== 'string')) {
      problems.push(`torchscript.${key} must be an array of strings; using ${JSON.stringify(otherwise)}`);
      return [...otherwise];
    }
    return v as string[];
  };
  const bool = (key: string, otherwise: boolean): boolean => {
    const v = config.get(key);
    if (v === undefined || v === null) {
      return otherwise;
    }
    if (typeof v !== 'boolean') {
      problems.push(`torchscript.${key} must be true or false; using ${otherwise}`);
      return otherwise;
    }
    return v;
  };

  let delay = d.diagnosticsDelayMs;
  const rawDelay = config.get('diagnosticsDelayMs');
  if (rawDelay !== undefined && rawDelay !== null) {
    if (typeof rawDelay === 'number' && Number.isInteger(rawDelay) && rawDelay >= 0) {
      delay = rawDelay;
    } else {
      problems.push(`torchscript.diagnosticsDelayMs must be a whole number of milliseconds (0 or more); using ${delay}`);
    }
  }

  let logLevel = d.logLevel;
  const rawLevel = config.get('logLevel');
  if (rawLevel !== undefined && rawLevel !== null) {
    if (typeof rawLevel === 'string' && (LOG_LEVELS as readonly string[]).includes(rawLevel)) {
      logLevel = rawLevel as LogLevel;
    } else {
      problems.push(`torchscript.logLevel must be one of ${LOG_LEVELS.join(', ')}; using ${logLevel}`);
    }
  }

  const include = strings('files.include', d.include).filter((g) => g.trim() !== '');
  if (include.length === 0 && config.get('files.include') !== undefined) {
    problems.push('torchscript.files.include names no pattern; no file is checked');
  }

  return {
    settings: {
      javaHome: str('java.home', d.javaHome),
      sourceRoots: strings('sourceRoots', d.sourceRoots).map((r) => r.trim()).filter((r) => r !== ''),
      include,
      exclude: strings('files.exclude', d.exclude).filter((g) => g.trim() !== ''),
      diagnosticsDelayMs: delay,
      inlayHints: {
        variableTypes: bool('inlayHints.variableTypes', d.inlayHints.variableTypes),
        parameterTypes: bool('inlayHints.parameterTypes', d.inlayHints.parameterTypes),
        returnTypes: bool('inlayHints.returnTypes', d.inlayHints.returnTypes),
      },
      logLevel,
      serverArgs: strings('server.args', d.serverArgs),
      jvmArgs: strings('server.jvmArgs', d.jvmArgs),
    },
    problems,
  };
}

/** The options of the server (its `Settings` record): `initializationOptions`, and the body of a configuration change. */
export interface ServerOptionsJson {
  sourceRoots: string[];
  diagnosticsDelayMs: number;
  inlayHints: InlayHintOptions;
}

/** What the server is told at `initialize` (`initializationOptions`). */
export function initializationOptions(s: ExtensionSettings): ServerOptionsJson {
  return {
    sourceRoots: [...s.sourceRoots],
    diagnosticsDelayMs: s.diagnosticsDelayMs,
    inlayHints: { ...s.inlayHints },
  };
}

/** The `settings` of `workspace/didChangeConfiguration` (the server reads them under `torchscript`). */
export function configurationChange(s: ExtensionSettings): { torchscript: ServerOptionsJson } {
  return { torchscript: initializationOptions(s) };
}

/**
 * Whether going from `before` to `after` needs a new server process: the Java, its options, the
 * server's arguments and the document selector are fixed when the process starts, and diagnostics
 * hidden or shown by a new `exclude` are only filtered again when the server publishes them anew;
 * the rest is sent to the running server.
 */
export function needsRestart(before: ExtensionSettings, after: ExtensionSettings): boolean {
  const same = (a: string[], b: string[]) => a.length === b.length && a.every((v, i) => v === b[i]);
  return (
    before.javaHome !== after.javaHome ||
    before.logLevel !== after.logLevel ||
    !same(before.serverArgs, after.serverArgs) ||
    !same(before.jvmArgs, after.jvmArgs) ||
    !same(before.include, after.include) ||
    !same(before.exclude, after.exclude)
  );
}

/** A document filter as `vscode-languageclient` takes it. */
export interface DocumentFilterJson {
  scheme: string;
  language: string;
  pattern?: string;
}

/**
 * A glob of the settings as it is matched: on a file's absolute path with `/` separators. A
 * pattern that does not start with `**` or `/` (a folder name such as `models/`, then anything)
 * gets a leading `**` and `/`, so that it matches at any depth.
 */
export function absoluteGlob(glob: string): string {
  const g = glob.trim().replace(/\\/g, '/');
  return g.startsWith('**') || g.startsWith('/') || /^[A-Za-z]:\//.test(g) ? g : `**/${g}`;
}

/**
 * The document selector of the client: Python files on disk that match one of the `include`
 * globs, and unsaved Python editors (which have no path to match). Nothing when `include` is empty.
 */
export function documentSelector(s: ExtensionSettings): DocumentFilterJson[] {
  if (s.include.length === 0) {
    return [];
  }
  const patterns = [...new Set(s.include.map(absoluteGlob))];
  return [
    ...patterns.map((pattern) => ({ scheme: 'file', language: 'python', pattern })),
    { scheme: 'untitled', language: 'python' },
  ];
}

/** Whether the diagnostics of the file at `fsPath` are hidden by one of the `exclude` globs. */
export function isExcluded(fsPath: string, exclude: string[]): boolean {
  const file = fsPath.replace(/\\/g, '/');
  return exclude.some((glob) => minimatch(file, absoluteGlob(glob), { dot: true, nocase: process.platform === 'win32' }));
}
