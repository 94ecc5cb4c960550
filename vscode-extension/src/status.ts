/**
 * The status-bar item: the server's state (starting, ready, error, stopped) and the number of
 * TorchScript errors in the workspace. No `vscode` import; the extension applies the answer.
 */

export type ServerState = 'starting' | 'ready' | 'error' | 'stopped';

export interface StatusView {
  /** The item's text, with a codicon (`$(name)`). */
  text: string;
  tooltip: string;
  /** The item's background: errors are shown on the error colour, a failed server on the warning colour. */
  background?: 'error' | 'warning';
}

/** The item for a state, a count of error diagnostics and, for `error`, what went wrong. */
export function statusView(state: ServerState, errors: number, detail?: string): StatusView {
  const count = errors === 1 ? '1 error' : `${errors} errors`;
  switch (state) {
    case 'starting':
      return { text: '$(sync~spin) TorchScript', tooltip: 'TorchScript: the language server is starting' };
    case 'ready':
      return errors > 0
        ? {
            text: `$(error) TorchScript: ${errors}`,
            tooltip: `TorchScript: ${count} in the workspace. Click to show the Problems panel.`,
            background: 'error',
          }
        : { text: '$(check) TorchScript', tooltip: 'TorchScript: the language server is ready; no errors' };
    case 'error':
      return {
        text: '$(warning) TorchScript',
        tooltip: `TorchScript: the language server is not running${detail ? `: ${detail}` : ''}. Click to show the output channel.`,
        background: 'warning',
      };
    case 'stopped':
      return { text: '$(circle-slash) TorchScript', tooltip: 'TorchScript: the language server is stopped' };
  }
}

/** A diagnostic's severity as VS Code numbers them (`DiagnosticSeverity.Error` is 0). */
export const SEVERITY_ERROR = 0;

/**
 * The number of error diagnostics in `diagnostics` (pairs of a file and its diagnostics, as
 * `DiagnosticCollection.forEach` gives them), leaving out the files that `hidden` names.
 */
export function countErrors(
  diagnostics: Iterable<[string, ReadonlyArray<{ severity?: number }>]>,
  hidden: (file: string) => boolean = () => false,
): number {
  let n = 0;
  for (const [file, list] of diagnostics) {
    if (hidden(file)) {
      continue;
    }
    for (const d of list) {
      if (d.severity === SEVERITY_ERROR) {
        n++;
      }
    }
  }
  return n;
}
