/**
 * The TorchScript extension: starts TorchScript4J's language server (bundled in `server/lib`)
 * for Python files with `vscode-languageclient`, and adds the IR views, the restart and output
 * commands, and a status-bar item.
 *
 * The decisions live in the modules without `vscode` (settings, java, serverCommand, irViews,
 * status), which are unit-tested; this file only connects them to the editor.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import {
  DidChangeConfigurationNotification,
  LanguageClient,
  type LanguageClientOptions,
  RevealOutputChannelOn,
  type ServerOptions,
  State,
  vsdiag,
} from 'vscode-languageclient/node';
import { findJava } from './java';
import { describeFailure, IR_SCHEME, type IrKind, IrViewStore, isIrResult, requestMethod, viewText, viewUri } from './irViews';
import { buildServerCommand, loggingProperties, missingServer } from './serverCommand';
import {
  configurationChange,
  documentSelector,
  type ExtensionSettings,
  initializationOptions,
  isExcluded,
  needsRestart,
  readSettings,
} from './settings';
import { countErrors, type ServerState, statusView } from './status';

const CLIENT_ID = 'torchscript';
const CLIENT_NAME = 'TorchScript';

let extension: TorchScriptExtension | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  extension = new TorchScriptExtension(context);
  await extension.start();
}

export async function deactivate(): Promise<void> {
  const e = extension;
  extension = undefined;
  await e?.stop();
}

class TorchScriptExtension {
  private readonly output: vscode.OutputChannel;
  private readonly status: vscode.StatusBarItem;
  private readonly views = new IrViewStore();
  private readonly viewChanges = new vscode.EventEmitter<vscode.Uri>();
  private client: LanguageClient | undefined;
  private settings: ExtensionSettings;
  private state: ServerState = 'stopped';
  private stateDetail: string | undefined;
  private errors = 0;
  /** Starts and stops one after the other. */
  private queue: Promise<void> = Promise.resolve();

  constructor(private readonly context: vscode.ExtensionContext) {
    this.output = vscode.window.createOutputChannel(CLIENT_NAME);
    this.status = vscode.window.createStatusBarItem('torchscript.status', vscode.StatusBarAlignment.Left, 0);
    this.status.name = CLIENT_NAME;
    this.settings = this.readSettings();
    context.subscriptions.push(
      this.output,
      this.status,
      this.viewChanges,
      vscode.workspace.registerTextDocumentContentProvider(IR_SCHEME, {
        onDidChange: this.viewChanges.event,
        provideTextDocumentContent: (uri) => this.views.get(uri.toString()) ?? '',
      }),
      vscode.workspace.onDidCloseTextDocument((d) => {
        if (d.uri.scheme === IR_SCHEME) {
          this.views.delete(d.uri.toString());
        }
      }),
      vscode.commands.registerCommand('torchscript.showGraph', () => this.showView('graph')),
      vscode.commands.registerCommand('torchscript.showCode', () => this.showView('code')),
      vscode.commands.registerCommand('torchscript.restartServer', () => this.restart()),
      vscode.commands.registerCommand('torchscript.showOutputChannel', () => this.output.show(true)),
      vscode.workspace.onDidChangeConfiguration((e) => this.configurationChanged(e)),
      vscode.languages.onDidChangeDiagnostics(() => this.recount()),
    );
    this.render();
    this.status.show();
  }

  start(): Promise<void> {
    return this.enqueue(() => this.startClient());
  }

  stop(): Promise<void> {
    return this.enqueue(() => this.stopClient());
  }

  restart(): Promise<void> {
    this.output.appendLine('Restarting the language server.');
    return this.enqueue(async () => {
      await this.stopClient();
      await this.startClient();
    });
  }

  private enqueue(step: () => Promise<void>): Promise<void> {
    this.queue = this.queue.then(step, step);
    return this.queue;
  }

  private readSettings(): ExtensionSettings {
    const { settings, problems } = readSettings(vscode.workspace.getConfiguration('torchscript'));
    for (const p of problems) {
      this.output.appendLine(`Settings: ${p}`);
    }
    return settings;
  }

  private async startClient(): Promise<void> {
    this.setState('starting');
    const settings = this.settings;
    const extensionDir = this.context.extensionPath;

    const missing = missingServer(extensionDir);
    if (missing) {
      this.fail(missing, false);
      return;
    }
    const java = await findJava({ javaHomeSetting: settings.javaHome, env: process.env });
    for (const a of java.attempts) {
      this.output.appendLine(
        `Java from ${a.source}: ${a.location}${a.version !== undefined ? ` (Java ${a.version})` : ''}${a.problem ? `: ${a.problem}` : ''}`,
      );
    }
    if (!java.found) {
      this.fail(java.message, true);
      return;
    }

    const loggingConfig = this.writeLoggingConfig(settings);
    const command = buildServerCommand({ java: java.executable, extensionDir, settings, loggingConfig });
    for (const p of command.problems) {
      this.output.appendLine(`Settings: ${p}`);
    }
    this.output.appendLine(`Starting: ${[command.command, ...command.args].join(' ')}`);

    const serverOptions: ServerOptions = {
      command: command.command,
      args: command.args,
      // No `transport`: an executable without one talks on stdio as it is. With
      // TransportKind.stdio the client appends a second `--stdio`, which the CLI refuses.
      options: { cwd: firstWorkspaceFolder() ?? extensionDir },
    };
    const clientOptions: LanguageClientOptions = {
      documentSelector: documentSelector(settings),
      initializationOptions: initializationOptions(settings),
      outputChannel: this.output,
      revealOutputChannelOn: RevealOutputChannelOn.Never,
      middleware: {
        handleDiagnostics: (uri, diagnostics, next) =>
          next(uri, uri.scheme === 'file' && isExcluded(uri.fsPath, this.settings.exclude) ? [] : diagnostics),
        // The server both publishes diagnostics and answers textDocument/diagnostic with the same
        // list; VS Code would show each error twice (the client keeps a second collection for
        // pulled reports). The published ones are the only source: pulls answer nothing.
        provideDiagnostics: () => ({ kind: vsdiag.DocumentDiagnosticReportKind.full, items: [] }),
      },
    };
    const client = new LanguageClient(CLIENT_ID, CLIENT_NAME, serverOptions, clientOptions);
    this.client = client;
    client.onDidChangeState((e) => {
      if (this.client !== client) {
        return;
      }
      if (e.newState === State.Running) {
        this.setState('ready');
      } else if (e.newState === State.Starting) {
        this.setState('starting');
      } else if (e.newState === State.Stopped && this.state !== 'error') {
        // Stops that the extension asks for detach the client first, so this one is a crash
        // (the client restarts a crashed server a few times before it gives up).
        this.setState('error', 'the language server stopped (see the output channel)');
      }
    });
    try {
      await client.start();
      this.output.appendLine(`Language server ready (Java ${java.version} from ${java.source}).`);
    } catch (e) {
      this.fail(`TorchScript: the language server did not start: ${(e as Error).message ?? e}`, false);
    }
  }

  private async stopClient(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    if (client) {
      try {
        if (client.isRunning()) {
          await client.stop(5000);
        }
      } catch (e) {
        this.output.appendLine(`Stopping the language server: ${(e as Error).message ?? e}`);
      }
      await client.dispose().catch(() => undefined);
    }
    this.errors = 0;
    this.setState('stopped');
  }

  /** Writes the logging configuration of the level in the extension's storage; its path. */
  private writeLoggingConfig(settings: ExtensionSettings): string | undefined {
    try {
      const dir = this.context.globalStorageUri.fsPath;
      fs.mkdirSync(dir, { recursive: true });
      const file = path.join(dir, `logging-${settings.logLevel}.properties`);
      fs.writeFileSync(file, loggingProperties(settings.logLevel));
      return file;
    } catch (e) {
      this.output.appendLine(`Cannot write the logging configuration: ${(e as Error).message}; the server logs with Java's defaults.`);
      return undefined;
    }
  }

  private fail(message: string, javaSetting: boolean): void {
    this.output.appendLine(message);
    this.setState('error', message);
    const actions = javaSetting ? ['Open Settings', 'Show Output'] : ['Show Output'];
    void vscode.window.showErrorMessage(message, ...actions).then((choice) => {
      if (choice === 'Open Settings') {
        void vscode.commands.executeCommand('workbench.action.openSettings', 'torchscript.java.home');
      } else if (choice === 'Show Output') {
        this.output.show(true);
      }
    });
  }

  private async configurationChanged(e: vscode.ConfigurationChangeEvent): Promise<void> {
    if (!e.affectsConfiguration('torchscript')) {
      return;
    }
    const before = this.settings;
    this.settings = this.readSettings();
    if (needsRestart(before, this.settings)) {
      await this.restart();
      return;
    }
    const client = this.client;
    if (client?.isRunning()) {
      await client.sendNotification(DidChangeConfigurationNotification.type, { settings: configurationChange(this.settings) });
    }
    this.recount();
  }

  private async showView(kind: IrKind): Promise<void> {
    const editor = vscode.window.activeTextEditor;
    if (!editor || editor.document.languageId !== 'python') {
      void vscode.window.showInformationMessage('TorchScript: put the cursor in a function of a Python file first.');
      return;
    }
    const client = this.client;
    if (!client || !client.isRunning()) {
      void vscode.window.showErrorMessage('TorchScript: the language server is not running.', 'Restart Server').then((c) => {
        if (c) {
          void this.restart();
        }
      });
      return;
    }
    const document = editor.document;
    const position = editor.selection.active;
    let result: unknown;
    try {
      result = await client.sendRequest(requestMethod(kind), {
        textDocument: { uri: client.code2ProtocolConverter.asUri(document.uri) },
        position: { line: position.line, character: position.character },
      });
    } catch (error) {
      const failure = describeFailure(kind, error);
      const choice = await vscode.window.showErrorMessage(failure.message, ...(failure.action ? [failure.action] : []));
      if (choice && failure.range) {
        const r = failure.range;
        const range = new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character);
        await vscode.window.showTextDocument(document, { selection: range, viewColumn: editor.viewColumn });
      }
      return;
    }
    if (!isIrResult(result)) {
      void vscode.window.showErrorMessage(`TorchScript: the server answered ${requestMethod(kind)} with something unexpected.`);
      return;
    }
    const uri = vscode.Uri.parse(viewUri(kind, result, document.uri.toString()));
    if (this.views.put(uri.toString(), viewText(result))) {
      this.viewChanges.fire(uri);
    }
    const view = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(view, { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true, preview: true });
  }

  private recount(): void {
    const collection = this.client?.diagnostics;
    const entries: [string, readonly vscode.Diagnostic[]][] = [];
    collection?.forEach((uri, diagnostics) => {
      entries.push([uri.scheme === 'file' ? uri.fsPath : uri.toString(), diagnostics]);
    });
    const errors = countErrors(entries, (file) => isExcluded(file, this.settings.exclude));
    if (errors !== this.errors) {
      this.errors = errors;
      this.render();
    }
  }

  private setState(state: ServerState, detail?: string): void {
    this.state = state;
    this.stateDetail = detail;
    this.render();
  }

  private render(): void {
    const view = statusView(this.state, this.errors, this.stateDetail);
    this.status.text = view.text;
    this.status.tooltip = view.tooltip;
    this.status.backgroundColor = view.background ? new vscode.ThemeColor(`statusBarItem.${view.background}Background`) : undefined;
    this.status.command =
      this.state === 'ready' && this.errors > 0 ? 'workbench.actions.view.problems' : 'torchscript.showOutputChannel';
  }
}

function firstWorkspaceFolder(): string | undefined {
  const f = vscode.workspace.workspaceFolders?.[0];
  return f && f.uri.scheme === 'file' ? f.uri.fsPath : undefined;
}
