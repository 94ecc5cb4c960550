/**
 * The command line that starts the language server bundled in the extension.
 *
 * The Maven build copies the command-line interface's jar and the jars it needs to run
 * `torchscript lsp` into the extension's `server/lib` folder (libtorch's native jars are left
 * out: the language server never loads libtorch). The server is then
 * `java [JVM options] -cp server/lib/* io.github.torchscript4j.cli.Main lsp --stdio [arguments]`.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ExtensionSettings, LogLevel } from './settings';

/** The main class of the command-line interface, whose `lsp` command is the language server. */
export const MAIN_CLASS = 'io.github.torchscript4j.cli.Main';

/** The folder, inside the extension, that holds the server's jars. */
export function serverLibDir(extensionDir: string): string {
  return path.join(extensionDir, 'server', 'lib');
}

/**
 * Why the bundled server cannot be started (its folder or the CLI's jar is missing), or
 * undefined when it is there.
 */
export function missingServer(extensionDir: string, list: (dir: string) => string[] = fs.readdirSync): string | undefined {
  const lib = serverLibDir(extensionDir);
  let names: string[];
  try {
    names = list(lib);
  } catch {
    return `TorchScript: the language server is missing from the extension (no folder ${lib}). Build the extension with Maven (see its README).`;
  }
  if (!names.some((n) => /^torchscript-cli-.*\.jar$/.test(n))) {
    return `TorchScript: the language server is missing from the extension (no torchscript-cli jar in ${lib}). Build the extension with Maven (see its README).`;
  }
  return undefined;
}

/** java.util.logging's level for each `torchscript.logLevel`. */
export const JUL_LEVELS: Record<LogLevel, string> = {
  off: 'OFF',
  error: 'SEVERE',
  warn: 'WARNING',
  info: 'INFO',
  debug: 'FINE',
  trace: 'FINEST',
};

/**
 * A java.util.logging configuration (the server logs with it) that sends records of `level` and
 * above to standard error, which the client shows in the output channel.
 */
export function loggingProperties(level: LogLevel): string {
  const jul = JUL_LEVELS[level];
  return [
    '# Written by the TorchScript extension for torchscript.logLevel=' + level,
    'handlers=java.util.logging.ConsoleHandler',
    `.level=${jul}`,
    `java.util.logging.ConsoleHandler.level=${jul}`,
    'java.util.logging.SimpleFormatter.format=[%1$tT] %4$s %3$s: %5$s%6$s%n',
    '',
  ].join('\n');
}

export interface ServerCommand {
  command: string;
  args: string[];
  /** Settings that were ignored, and why. */
  problems: string[];
}

/** The server's own options that the extension sets and a user must not override. */
const RESERVED_SERVER_ARGS = ['--port', '--stdio'];

/**
 * The process to start: `java` with the JVM options of the settings, the logging configuration
 * at `loggingConfig`, the bundled class path, then `lsp --stdio` and the extra server arguments
 * (except `--port`, which would take the server off standard input and output).
 */
export function buildServerCommand(opts: {
  java: string;
  extensionDir: string;
  settings: Pick<ExtensionSettings, 'jvmArgs' | 'serverArgs'>;
  loggingConfig?: string;
}): ServerCommand {
  const problems: string[] = [];
  const serverArgs: string[] = [];
  const given = opts.settings.serverArgs;
  for (let i = 0; i < given.length; i++) {
    const a = given[i];
    const name = a.split('=')[0];
    if (RESERVED_SERVER_ARGS.includes(name)) {
      problems.push(`torchscript.server.args: ${a} is ignored (the extension talks to the server on standard input and output)`);
      if (name === '--port' && !a.includes('=') && i + 1 < given.length) {
        i++; // its value
      }
      continue;
    }
    serverArgs.push(a);
  }
  const jvmArgs = opts.settings.jvmArgs.filter((a) => a.trim() !== '');
  const args = [...jvmArgs];
  if (opts.loggingConfig !== undefined) {
    args.push(`-Djava.util.logging.config.file=${opts.loggingConfig}`);
  }
  // `-cp dir/*` is expanded by the java launcher itself (no shell is involved).
  args.push('-cp', path.join(serverLibDir(opts.extensionDir), '*'), MAIN_CLASS, 'lsp', '--stdio', ...serverArgs);
  return { command: opts.java, args, problems };
}
