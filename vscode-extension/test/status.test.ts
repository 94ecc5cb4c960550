import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { countErrors, SEVERITY_ERROR, statusView } from '../src/status';

describe('statusView', () => {
  it('shows each state', () => {
    assert.equal(statusView('starting', 0).text, '$(sync~spin) TorchScript');
    assert.deepEqual(statusView('ready', 0), { text: '$(check) TorchScript', tooltip: 'TorchScript: the language server is ready; no errors' });
    assert.equal(statusView('stopped', 0).text, '$(circle-slash) TorchScript');
  });
  it('counts errors when ready', () => {
    const v = statusView('ready', 3);
    assert.equal(v.text, '$(error) TorchScript: 3');
    assert.match(v.tooltip, /3 errors in the workspace/);
    assert.equal(v.background, 'error');
    assert.match(statusView('ready', 1).tooltip, /1 error in/);
  });
  it('says why the server is not running', () => {
    const v = statusView('error', 0, 'no Java 17');
    assert.equal(v.background, 'warning');
    assert.match(v.tooltip, /not running: no Java 17\./);
  });
});

describe('countErrors', () => {
  it('counts error diagnostics only, outside hidden files', () => {
    const warning = 1;
    const entries: [string, { severity?: number }[]][] = [
      ['/p/a.py', [{ severity: SEVERITY_ERROR }, { severity: warning }, { severity: SEVERITY_ERROR }]],
      ['/p/tests/b.py', [{ severity: SEVERITY_ERROR }]],
      ['/p/c.py', []],
    ];
    assert.equal(countErrors(entries), 3);
    assert.equal(countErrors(entries, (f) => f.includes('/tests/')), 2);
    assert.equal(countErrors([]), 0);
  });
});
