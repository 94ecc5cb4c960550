import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { describeFailure, IrViewStore, isIrResult, requestMethod, viewText, viewUri } from '../src/irViews';

const result = {
  function: '__torch__.M.forward',
  text: 'def forward(self,\n    x: Tensor) -> Tensor:\n  return x\n',
  range: { start: { line: 4, character: 6 }, end: { line: 4, character: 13 } },
};

describe('IR views', () => {
  it('ask the server\'s custom requests', () => {
    assert.equal(requestMethod('graph'), 'torchscript/graph');
    assert.equal(requestMethod('code'), 'torchscript/code');
  });

  it('are named after the function and the view, and keep the source file in the query', () => {
    const uri = viewUri('code', result, 'file:///home/u/p/model.py');
    assert.equal(uri, 'torchscript-ir:/__torch__.M.forward.code?file%3A%2F%2F%2Fhome%2Fu%2Fp%2Fmodel.py');
    const parsed = new URL(uri);
    assert.equal(parsed.protocol, 'torchscript-ir:');
    assert.equal(decodeURIComponent(parsed.search.slice(1)), 'file:///home/u/p/model.py');
    assert.notEqual(viewUri('graph', result, 'file:///a.py'), viewUri('graph', result, 'file:///b.py'));
    assert.notEqual(viewUri('graph', result, 'file:///a.py'), viewUri('code', result, 'file:///a.py'));
  });

  it('never put a path separator or query into the name', () => {
    const uri = viewUri('graph', { ...result, function: 'a/b?c#d' }, 'file:///x.py');
    assert.equal(uri.split('?')[0], 'torchscript-ir:/a_b_c_d.graph');
  });

  it('show the server\'s text as it is, ending with a line break', () => {
    assert.equal(viewText(result), result.text);
    assert.equal(viewText({ ...result, text: 'graph(%x : Tensor):\n  return (%x)' }), 'graph(%x : Tensor):\n  return (%x)\n');
  });

  it('recognize a successful answer', () => {
    assert.equal(isIrResult(result), true);
    assert.equal(isIrResult(null), false);
    assert.equal(isIrResult({ function: 'f', text: 1, range: {} }), false);
  });
});

describe('describeFailure', () => {
  const range = { start: { line: 2, character: 4 }, end: { line: 2, character: 9 } };

  it('offers to go to the first error when the file has errors', () => {
    const f = describeFailure('graph', { code: -32803, message: 'The file has errors: Unknown type name', data: { reason: 'fileHasErrors', range } });
    assert.deepEqual(f, { message: 'TorchScript: cannot show the graph: The file has errors: Unknown type name', range, action: 'Go to Error' });
  });

  it('offers to go to the construct that is not lowered', () => {
    const f = describeFailure('code', { message: 'not lowered yet', data: { reason: 'notLowered', range } });
    assert.equal(f.action, 'Go to Construct');
    assert.deepEqual(f.range, range);
  });

  it('only explains when there is nowhere to go', () => {
    assert.deepEqual(describeFailure('code', { message: 'No function here', data: { reason: 'noFunction' } }), {
      message: 'TorchScript: cannot show the code: No function here',
    });
    assert.deepEqual(describeFailure('graph', { message: 'x', data: { reason: 'fileHasErrors', range: { start: 1 } } }), {
      message: 'TorchScript: cannot show the graph: x',
      range: undefined,
      action: undefined,
    });
    assert.equal(describeFailure('graph', new Error('Connection got disposed.')).message, 'TorchScript: cannot show the graph: Connection got disposed.');
    assert.equal(describeFailure('graph', 'boom').message, 'TorchScript: cannot show the graph: boom');
  });
});

describe('IrViewStore', () => {
  it('answers whether an open view changed', () => {
    const store = new IrViewStore();
    assert.equal(store.put('u', 'a'), false);
    assert.equal(store.put('u', 'a'), false);
    assert.equal(store.put('u', 'b'), true);
    assert.equal(store.get('u'), 'b');
    store.delete('u');
    assert.equal(store.get('u'), undefined);
    assert.equal(store.size, 0);
  });
});
