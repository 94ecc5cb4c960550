/**
 * The end-to-end test: the packaged extension (target/torchscript4j-<version>.vsix) in a real VS
 * Code — code-server, VS Code's web build — opened in headless Chromium driven by playwright-core.
 *
 * It installs the .vsix into a fresh extensions folder, starts code-server on a free loopback
 * port (`--auth none`) on a workspace that holds two of the project's examples, opens the
 * workbench, and asserts what a user sees:
 *
 * 1. the status-bar item turns to the number of TorchScript errors once the bundled server has
 *    checked `type_mismatch.py`, and clicking it opens the Problems panel, which shows the
 *    checker's message (the one `./torchscript check examples/type_mismatch.py` prints);
 * 2. hover over `z` in `x = y + z` of `optional_refinement.py` shows its refined type, `int`;
 * 3. *TorchScript: Show TorchScript Graph* opens the function's graph beside the source.
 *
 * Screenshots of each step (and of a failure) go to target/e2e/*.png, with code-server's log and
 * the extension's output channel. Run by scripts/e2e, which installs code-server and says where
 * it is (environment: CODE_SERVER, the code-server executable; CHROMIUM, default
 * /usr/bin/chromium). Not part of `npm test`.
 */
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const extensionDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const projectDir = path.resolve(extensionDir, '..');
const version = JSON.parse(fs.readFileSync(path.join(extensionDir, 'package.json'), 'utf8')).version;
const vsix = path.join(extensionDir, 'target', `torchscript4j-${version}.vsix`);
/** Screenshots and logs: build artifacts. */
const artifacts = path.join(extensionDir, 'target', 'e2e');
/** code-server's and Chromium's folders, made fresh on every run. */
const work = path.join(extensionDir, 'target', 'e2e-work');

const codeServer = process.env.CODE_SERVER;
const chromiumPath = process.env.CHROMIUM || '/usr/bin/chromium';

/** The checker's message for examples/type_mismatch.py (`./torchscript check` prints it too). */
const MISMATCH =
  'Type mismatch: r is set to type Tensor in the true branch and type int in the false branch';
/** How long the workbench, the server and the views may take on a slow, shared machine. */
const SLOW = 120_000;

/** A free loopback port. */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** The workspace: two examples and the settings the test relies on. */
function makeWorkspace(dir) {
  fs.mkdirSync(path.join(dir, '.vscode'), { recursive: true });
  for (const name of ['type_mismatch.py', 'optional_refinement.py']) {
    fs.copyFileSync(path.join(projectDir, 'examples', name), path.join(dir, name));
  }
  const settings = { 'torchscript.logLevel': 'info' };
  if (process.env.TORCHSCRIPT_E2E_JAVA_HOME) {
    settings['torchscript.java.home'] = process.env.TORCHSCRIPT_E2E_JAVA_HOME;
  }
  fs.writeFileSync(path.join(dir, '.vscode', 'settings.json'), JSON.stringify(settings, null, 2));
}

/** VS Code's user settings: no welcome page, trust prompt, tips or update checks in the way. */
function makeUserSettings(userDataDir) {
  fs.mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
  const settings = {
    'workbench.startupEditor': 'none',
    'workbench.tips.enabled': false,
    'workbench.enableExperiments': false,
    'security.workspace.trust.enabled': false,
    'telemetry.telemetryLevel': 'off',
    'update.mode': 'none',
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    'editor.hover.delay': 100,
    'editor.inlayHints.enabled': 'off',
    'git.enabled': false,
    'git.openRepositoryInParentFolders': 'never',
  };
  fs.writeFileSync(path.join(userDataDir, 'User', 'settings.json'), JSON.stringify(settings, null, 2));
}

/** Copies the extension's output channel ("TorchScript") out of code-server's logs, if written. */
function copyOutputChannel(userDataDir) {
  const found = [];
  const walk = (dir) => {
    for (const entry of fs.existsSync(dir) ? fs.readdirSync(dir, { withFileTypes: true }) : []) {
      const p = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        walk(p);
      } else if (/TorchScript\.log$/.test(entry.name)) {
        found.push(p);
      }
    }
  };
  walk(path.join(userDataDir, 'logs'));
  for (const p of found) {
    fs.copyFileSync(p, path.join(artifacts, 'torchscript-output.log'));
  }
}

describe('the extension in code-server', { timeout: 10 * 60_000 }, () => {
  const userDataDir = path.join(work, 'user-data');
  const extensionsDir = path.join(work, 'extensions');
  const workspace = path.join(work, 'workspace');
  const configFile = path.join(work, 'code-server.yaml');
  let server;
  let serverLog = '';
  let context;
  let page;

  before(async () => {
    assert.ok(codeServer, 'CODE_SERVER (the code-server executable) is not set: run scripts/e2e');
    assert.ok(fs.existsSync(vsix), `${vsix} is missing: build it (scripts/e2e builds it)`);
    assert.ok(fs.existsSync(chromiumPath), `no Chromium at ${chromiumPath} (set CHROMIUM)`);
    fs.rmSync(work, { recursive: true, force: true });
    fs.rmSync(artifacts, { recursive: true, force: true });
    fs.mkdirSync(artifacts, { recursive: true });
    makeWorkspace(workspace);
    makeUserSettings(userDataDir);
    fs.writeFileSync(configFile, 'auth: none\ncert: false\n');

    const common = ['--config', configFile, '--user-data-dir', userDataDir, '--extensions-dir', extensionsDir];
    const installed = execFileSync(codeServer, [...common, '--install-extension', vsix], { encoding: 'utf8' });
    assert.match(installed, /successfully installed/, installed);

    const port = await freePort();
    // Its own process group, so that the extension host and the language server end with it.
    server = spawn(
      codeServer,
      [
        ...common,
        '--auth', 'none',
        '--bind-addr', `127.0.0.1:${port}`,
        '--disable-telemetry',
        '--disable-update-check',
        '--disable-workspace-trust',
        '--disable-getting-started-override',
        workspace,
      ],
      { detached: true, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const listening = new Promise((resolve, reject) => {
      const onData = (chunk) => {
        serverLog += chunk.toString();
        if (/HTTP server listening on/.test(serverLog)) {
          resolve();
        }
      };
      server.stdout.on('data', onData);
      server.stderr.on('data', onData);
      server.once('exit', (code) => reject(new Error(`code-server exited with ${code}:\n${serverLog}`)));
    });
    await Promise.race([
      listening,
      sleep(60_000, undefined, { ref: false }).then(() => Promise.reject(new Error(`code-server did not start in 60 s:\n${serverLog}`))),
    ]);
    const url = `http://127.0.0.1:${port}/?folder=${encodeURIComponent(workspace)}`;

    context = await chromium.launchPersistentContext(path.join(work, 'chromium'), {
      executablePath: chromiumPath,
      headless: true,
      viewport: { width: 1440, height: 900 },
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    page = context.pages()[0] ?? (await context.newPage());
    page.setDefaultTimeout(SLOW);
    await page.goto(url);
    await page.locator('.monaco-workbench').waitFor();
    // The explorer lists the workspace once the remote file system answers.
    await page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'type_mismatch.py' }).waitFor();
  });

  after(async () => {
    if (page) {
      await page.screenshot({ path: path.join(artifacts, 'last.png') }).catch(() => {});
    }
    await context?.close().catch(() => {});
    if (server && server.exitCode === null) {
      try {
        process.kill(-server.pid, 'SIGTERM');
      } catch {
        // already gone
      }
      await Promise.race([new Promise((r) => server.once('exit', r)), sleep(10_000, undefined, { ref: false })]);
      try {
        process.kill(-server.pid, 'SIGKILL');
      } catch {
        // gone
      }
    }
    fs.writeFileSync(path.join(artifacts, 'code-server.log'), serverLog);
    copyOutputChannel(userDataDir);
  });

  /** Opens a workspace file from the explorer and waits for its editor tab. */
  async function open(name) {
    await page.locator('.explorer-folders-view .monaco-list-row', { hasText: name }).click();
    await page.locator('.tabs-container .tab.active', { hasText: name }).waitFor();
    await page.locator('.editor-instance .monaco-editor .view-lines').first().waitFor();
  }

  /** Moves the cursor with Go to Line (`line:column`, both 1-based). */
  async function goTo(line, column) {
    await page.locator('.editor-instance .monaco-editor .view-lines').first().click();
    await page.keyboard.press('Control+G');
    const input = page.locator('.quick-input-widget .quick-input-box input');
    await input.waitFor();
    await input.fill(`:${line}:${column}`);
    await input.press('Enter');
    await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
  }

  /** Runs a command by its title from the command palette. */
  async function runCommand(title) {
    await page.keyboard.press('F1');
    const input = page.locator('.quick-input-widget .quick-input-box input');
    await input.waitFor();
    await input.fill(`>${title}`);
    await page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().waitFor();
    await input.press('Enter');
  }

  it('shows the checker\'s error in the Problems panel and counts it in the status bar', async () => {
    await open('type_mismatch.py');
    // The status-bar item: "$(error) TorchScript: 1" once the server has published diagnostics.
    const status = page.locator('.statusbar-item', { hasText: /TorchScript: [1-9]/ });
    await status.waitFor();
    assert.match(await status.innerText(), /TorchScript: 1\b/);
    // Clicking it with errors opens the Problems panel.
    await status.click();
    const problems = page.locator('.markers-panel');
    await problems.waitFor();
    const row = problems.locator('.monaco-list-row', { hasText: MISMATCH });
    await row.first().waitFor();
    const text = await problems.innerText();
    assert.ok(text.includes(MISMATCH), `Problems panel:\n${text}`);
    // Once, not once per diagnostics collection (pushed and pulled).
    assert.equal(await row.count(), 1, `Problems panel:\n${text}`);
    assert.match(text, /type_mismatch\.py/);
    assert.match(text, /\[Ln 8, Col 5\]/);
    // The squiggle in the editor, too.
    await page.locator('.editor-instance .squiggly-error').first().waitFor();
    await page.screenshot({ path: path.join(artifacts, '1-problems.png') });
  });

  it('shows a name\'s TorchScript type on hover', async () => {
    await open('optional_refinement.py');
    // Line 16 is `        x = y + z`; z is Optional[int], refined to int by `z is not None`.
    await goTo(16, 17);
    const hover = page.locator('.monaco-hover:not(.hidden)', { hasText: '(variable) z: int' });
    // The server may still be checking the file the first time: ask again until it answers.
    const deadline = Date.now() + SLOW;
    for (;;) {
      await page.keyboard.press('Control+K');
      await page.keyboard.press('Control+I');
      try {
        await hover.first().waitFor({ timeout: 5_000 });
        break;
      } catch (e) {
        if (Date.now() > deadline) {
          throw e;
        }
        await page.keyboard.press('Escape');
      }
    }
    // Let it finish fading in before the screenshot.
    await hover.first().evaluate((el) => Promise.all(el.getAnimations({ subtree: true }).map((a) => a.finished)));
    const text = await hover.first().innerText();
    assert.match(text, /\(variable\) z: int/);
    assert.doesNotMatch(text, /Optional/);
    await page.screenshot({ path: path.join(artifacts, '2-hover.png') });
    await page.keyboard.press('Escape');
  });

  it('opens the graph of the function under the cursor beside it', async () => {
    await goTo(16, 17);
    await runCommand('TorchScript: Show TorchScript Graph');
    // The view is a read-only editor in the second group, titled after the function.
    const view = page.locator('.editor-group-container').nth(1).locator('.monaco-editor .view-lines');
    await view.waitFor();
    await page.locator('.editor-group-container').nth(1).locator('.view-line', { hasText: 'graph(' }).first().waitFor();
    const text = (await view.innerText()).replace(/\u00a0/g, ' ');
    // The editor renders only the lines in view: the head of the graph, with its parameters'
    // types and the refinements of the Optional[int]s.
    assert.match(text, /^graph\(%x\.1 : int\?,\s+%y\.1 : int\?,\s+%z_attr\.1 : int\?\):/);
    assert.match(text, /prim::unchecked_cast\(%z_attr\.1\)/);
    await page.screenshot({ path: path.join(artifacts, '3-graph.png') });
  });
});
