/**
 * The "Show TorchScript Graph" and "Show TorchScript Code" commands' documents: read-only
 * documents of the `torchscript-ir` scheme whose text is the answer of the server's custom
 * requests `torchscript/graph` and `torchscript/code` (see lsp-server/README.md).
 *
 * No `vscode` import: URIs are built as strings and parsed by the caller.
 */

/** Which view: PyTorch's `fn.graph` or `fn.code`. */
export type IrKind = 'graph' | 'code';

/** The URI scheme of the views (served by a read-only content provider). */
export const IR_SCHEME = 'torchscript-ir';

/** The server's method for a view. */
export function requestMethod(kind: IrKind): string {
  return `torchscript/${kind}`;
}

/** A position as the protocol writes it (0-based line, UTF-16 character). */
export interface PositionJson {
  line: number;
  character: number;
}

export interface RangeJson {
  start: PositionJson;
  end: PositionJson;
}

/** A successful answer of `torchscript/graph` or `torchscript/code`. */
export interface IrResult {
  function: string;
  text: string;
  range: RangeJson;
}

/** Whether `value` has the shape of a successful answer. */
export function isIrResult(value: unknown): value is IrResult {
  if (typeof value !== 'object' || value === null) {
    return false;
  }
  const v = value as Record<string, unknown>;
  return typeof v.function === 'string' && typeof v.text === 'string' && typeof v.range === 'object' && v.range !== null;
}

/**
 * The URI of a view, as a string: `torchscript-ir:/<qualified name>.<kind>?<source URI>`. The
 * name makes the editor's title (`__torch__.f.graph`); the source URI in the query keeps the
 * views of equally named functions of different files apart.
 */
export function viewUri(kind: IrKind, result: IrResult, sourceUri: string): string {
  const name = result.function.replace(/[/\\?#%]/g, '_');
  return `${IR_SCHEME}:/${encodeURIComponent(name)}.${kind}?${encodeURIComponent(sourceUri)}`;
}

/** The text of a view: the server's text, exactly as PyTorch prints it, ending with a line break. */
export function viewText(result: IrResult): string {
  return result.text.endsWith('\n') ? result.text : `${result.text}\n`;
}

/** Why the server could not answer, from the `data` of its RequestFailed error. */
export type FailureReason = 'fileHasErrors' | 'noFunction' | 'notCompiled' | 'notLowered';

export interface IrFailure {
  /** The sentence to show. */
  message: string;
  /** Where to take the user (the first error, the construct that is not lowered), if anywhere. */
  range?: RangeJson;
  /** The label of the button that goes there. */
  action?: string;
}

/**
 * The message shown when a view cannot be made: the server's own message (which says why), in a
 * sentence that names the view, and for errors that have a place, the way there.
 */
export function describeFailure(kind: IrKind, error: unknown): IrFailure {
  const what = kind === 'graph' ? 'graph' : 'code';
  const e = (typeof error === 'object' && error !== null ? error : {}) as {
    message?: unknown;
    data?: unknown;
  };
  const serverMessage = typeof e.message === 'string' && e.message.trim() !== '' ? e.message.trim() : String(error);
  const data = (typeof e.data === 'object' && e.data !== null ? e.data : {}) as { reason?: unknown; range?: unknown };
  const range = isRange(data.range) ? data.range : undefined;
  const message = `TorchScript: cannot show the ${what}: ${serverMessage}`;
  switch (data.reason as FailureReason | undefined) {
    case 'fileHasErrors':
      return { message, range, action: range ? 'Go to Error' : undefined };
    case 'notLowered':
      return { message, range, action: range ? 'Go to Construct' : undefined };
    default:
      return { message };
  }
}

function isRange(v: unknown): v is RangeJson {
  const pos = (p: unknown) =>
    typeof p === 'object' && p !== null && typeof (p as PositionJson).line === 'number' && typeof (p as PositionJson).character === 'number';
  return typeof v === 'object' && v !== null && pos((v as RangeJson).start) && pos((v as RangeJson).end);
}

/** Keeps the text of each open view, by URI, for the content provider. */
export class IrViewStore {
  private readonly texts = new Map<string, string>();

  /** Stores a view's text; answers whether it changed (an open editor must then be refreshed). */
  put(uri: string, text: string): boolean {
    const changed = this.texts.has(uri) && this.texts.get(uri) !== text;
    this.texts.set(uri, text);
    return changed;
  }

  get(uri: string): string | undefined {
    return this.texts.get(uri);
  }

  delete(uri: string): void {
    this.texts.delete(uri);
  }

  get size(): number {
    return this.texts.size;
  }
}
