/**
 * The bundled language server, started with the command line that the extension builds, over
 * JSON-RPC on its standard input and output: initialize with the extension's
 * initializationOptions, then the custom requests behind the graph and code views, whose answers
 * become the views' documents. Skipped when server/lib has not been built or no Java 17+ is found
 * (the Maven build copies the server before it runs npm test).
 */
import assert from 'node:assert/strict';
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { describeFailure, isIrResult, requestMethod, viewText } from '../src/irViews';
import { findJava } from '../src/java';
import { buildServerCommand, loggingProperties, missingServer } from '../src/serverCommand';
import { DEFAULT_SETTINGS, initializationOptions } from '../src/settings';

const extensionDir = path.resolve(__dirname, '..', '..');

/** A minimal JSON-RPC client with the protocol's Content-Length framing. */
class Rpc {
  private buffer = Buffer.alloc(0);
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (m: RpcMessage) => void }>();
  readonly notifications: RpcMessage[] = [];
  private readonly waiters: { method: string; resolve: (m: RpcMessage) => void }[] = [];

  constructor(private readonly child: ChildProcessWithoutNullStreams) {
    child.stdout.on('data', (chunk: Buffer) => {
      this.buffer = Buffer.concat([this.buffer, chunk]);
      this.drain();
    });
    // A server that dies answers every open request with an error instead of never.
    child.once('exit', (code) => {
      for (const [id, p] of this.pending) {
        p.resolve({ id, error: { code: -1, message: `the server exited with status ${code}` } });
      }
      this.pending.clear();
    });
  }

  private drain(): void {
    for (;;) {
      const end = this.buffer.indexOf('\r\n\r\n');
      if (end < 0) {
        return;
      }
      const length = Number(/Content-Length: (\d+)/i.exec(this.buffer.subarray(0, end).toString('ascii'))?.[1]);
      if (this.buffer.length < end + 4 + length) {
        return;
      }
      const message = JSON.parse(this.buffer.subarray(end + 4, end + 4 + length).toString('utf8')) as RpcMessage;
      this.buffer = this.buffer.subarray(end + 4 + length);
      if (message.id !== undefined && message.method === undefined) {
        this.pending.get(message.id)?.resolve(message);
        this.pending.delete(message.id);
      } else if (message.method !== undefined && message.id === undefined) {
        this.notifications.push(message);
        for (const w of this.waiters.filter((x) => x.method === message.method)) {
          this.waiters.splice(this.waiters.indexOf(w), 1);
          w.resolve(message);
        }
      } else if (message.method !== undefined) {
        // a request of the server (registerCapability): accept it
        this.write({ jsonrpc: '2.0', id: message.id, result: null });
      }
    }
  }

  private write(message: object): void {
    const body = Buffer.from(JSON.stringify(message), 'utf8');
    this.child.stdin.write(`Content-Length: ${body.length}\r\n\r\n`);
    this.child.stdin.write(body);
  }

  request(method: string, params: unknown): Promise<RpcMessage> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.pending.set(id, { resolve });
      this.write({ jsonrpc: '2.0', id, method, params });
    });
  }

  notify(method: string, params: unknown): void {
    this.write({ jsonrpc: '2.0', method, params });
  }

  nextNotification(method: string): Promise<RpcMessage> {
    return new Promise((resolve) => this.waiters.push({ method, resolve }));
  }
}

interface RpcMessage {
  id?: number;
  method?: string;
  params?: unknown;
  result?: unknown;
  error?: { code: number; message: string; data?: unknown };
}

const source = [
  'import torch',
  '',
  '@torch.jit.script',
  'def scale(x: torch.Tensor, n: int) -> torch.Tensor:',
  '    return x * n + 1',
  '',
  'def plain(a):',
  '    return a',
  '',
].join('\n');

// The timeout only keeps a hung server from hanging the build; no test measures time.
describe('the bundled language server', { skip: missingServer(extensionDir) ? 'server/lib is not built' : false, timeout: 120000 }, () => {
  let child: ChildProcessWithoutNullStreams;
  let rpc: Rpc;
  let stderr = '';
  let storage: string;
  let javaProblem: string | undefined;
  const uri = pathToFileURL(path.join(os.tmpdir(), 'torchscript-extension-test', 'model.py')).toString();

  before(async () => {
    const java = await findJava({ javaHomeSetting: '', env: process.env });
    if (!java.found) {
      javaProblem = java.message;
      return;
    }
    storage = fs.mkdtempSync(path.join(os.tmpdir(), 'torchscript-storage-'));
    const loggingConfig = path.join(storage, 'logging-info.properties');
    fs.writeFileSync(loggingConfig, loggingProperties('info'));
    const command = buildServerCommand({ java: java.executable, extensionDir, settings: DEFAULT_SETTINGS, loggingConfig });
    child = spawn(command.command, command.args, { stdio: 'pipe' });
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    rpc = new Rpc(child);
  });

  after(async () => {
    if (child && child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      await rpc.request('shutdown', null);
      rpc.notify('exit', null);
      await exited;
    }
    if (storage) {
      fs.rmSync(storage, { recursive: true, force: true });
    }
  });

  it('initializes with the extension\'s initializationOptions and checks an open file', async (t) => {
    if (javaProblem) {
      t.skip(javaProblem);
      return;
    }
    const init = await rpc.request('initialize', {
      processId: process.pid,
      rootUri: null,
      capabilities: {},
      initializationOptions: initializationOptions({ ...DEFAULT_SETTINGS, diagnosticsDelayMs: 0 }),
    });
    assert.equal(init.error, undefined, stderr);
    const caps = (init.result as { capabilities: Record<string, unknown> }).capabilities;
    assert.equal(caps.hoverProvider, true);
    assert.equal(caps.inlayHintProvider, true);
    rpc.notify('initialized', {});
    const published = rpc.nextNotification('textDocument/publishDiagnostics');
    rpc.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'python', version: 1, text: source } });
    const diagnostics = (await published).params as { uri: string; diagnostics: unknown[] };
    assert.equal(diagnostics.uri, uri);
    assert.deepEqual(diagnostics.diagnostics, []);
  });

  it('answers the graph and code views of the function under the cursor', async (t) => {
    if (javaProblem) {
      t.skip(javaProblem);
      return;
    }
    const at = { textDocument: { uri }, position: { line: 4, character: 12 } };
    const code = await rpc.request(requestMethod('code'), at);
    assert.ok(isIrResult(code.result), JSON.stringify(code));
    const codeResult = code.result;
    assert.equal(codeResult.function, '__torch__.scale');
    assert.deepEqual(codeResult.range, { start: { line: 3, character: 4 }, end: { line: 3, character: 9 } });
    assert.equal(viewText(codeResult), 'def scale(x: Tensor,\n    n: int) -> Tensor:\n  return torch.add(torch.mul(x, n), 1)\n');

    const graph = await rpc.request(requestMethod('graph'), at);
    assert.ok(isIrResult(graph.result), JSON.stringify(graph));
    const text = viewText(graph.result);
    assert.match(text, /^graph\(%x\.1 : Tensor,\n\s+%n\.1 : int\):\n/);
    assert.match(text, /aten::mul\(%x\.1, %n\.1\)/);
  });

  it('a function that is not compiled becomes an explained failure', async (t) => {
    if (javaProblem) {
      t.skip(javaProblem);
      return;
    }
    const answer = await rpc.request(requestMethod('graph'), { textDocument: { uri }, position: { line: 7, character: 10 } });
    assert.ok(answer.error, JSON.stringify(answer));
    assert.equal((answer.error.data as { reason: string }).reason, 'notCompiled');
    const failure = describeFailure('graph', answer.error);
    assert.equal(failure.message, `TorchScript: cannot show the graph: ${answer.error.message}`);
    assert.equal(failure.action, undefined);
  });
});
