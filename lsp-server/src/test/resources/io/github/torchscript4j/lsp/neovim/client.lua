-- A headless Neovim (0.7 or later) as the language server's client, through its built-in LSP
-- client. Run by NeovimClientTest:
--
--   TS_LSP_CMD='["java", "-cp", "...", "io.github.torchscript4j.lsp.LanguageServerLauncher"]' \
--   TS_LSP_FILE=/some/dir/example.py TS_LSP_OUT=/some/dir/received.json \
--   nvim --headless --clean -u client.lua
--
-- It opens TS_LSP_FILE, waits for the server's published diagnostics, asks for hover on the name
-- at the position given by TS_LSP_HOVER ("line,character", 0-based), types the line TS_LSP_TYPE
-- as line TS_LSP_TYPE_LINE (0-based) and asks for completion at its end, then stops the server.
-- What Neovim received is written to TS_LSP_OUT as JSON:
--
--   {"diagnostics": [<publishDiagnostics params>...], "hover": <Hover or null>,
--    "completion": [<CompletionItem>...], "exit_code": <the server's exit status>, "errors": [...]}
--
-- Neovim quits whatever happens; an error is recorded in "errors" rather than left hanging.

local WAIT_MS = 60000
local out = os.getenv('TS_LSP_OUT')
local received = { diagnostics = {}, hover = vim.NIL, completion = {}, exit_code = vim.NIL, errors = {} }

local function write_and_quit()
  local file = io.open(out, 'w')
  file:write(vim.fn.json_encode(received))
  file:close()
  vim.cmd('qall!')
end

-- The one result of a buf_request_sync answer, or an error.
local function only_result(responses, what)
  if responses == nil then
    error(what .. ': no answer within ' .. WAIT_MS .. ' ms')
  end
  for _, response in pairs(responses) do
    if response.err ~= nil then
      error(what .. ': ' .. vim.inspect(response.err))
    end
    return response.result
  end
  error(what .. ': no client answered')
end

local function position(text)
  local line, character = text:match('^(%d+),(%d+)$')
  return { line = tonumber(line), character = tonumber(character) }
end

local function run()
  local cmd = vim.fn.json_decode(os.getenv('TS_LSP_CMD'))
  local path = os.getenv('TS_LSP_FILE')
  local exited = false
  local client_id = vim.lsp.start_client({
    name = 'torchscript',
    cmd = cmd,
    root_dir = vim.fn.fnamemodify(path, ':h'),
    init_options = { diagnosticsDelayMs = 0 },
    flags = { debounce_text_changes = 0 },
    handlers = {
      ['textDocument/publishDiagnostics'] = function(err, params, ctx, config)
        table.insert(received.diagnostics, params)
        return vim.lsp.diagnostic.on_publish_diagnostics(err, params, ctx, config)
      end,
    },
    on_exit = function(code, _signal, _id)
      received.exit_code = code
      exited = true
    end,
  })
  if client_id == nil then
    error('the server could not be started: ' .. vim.inspect(cmd))
  end

  vim.cmd('edit ' .. vim.fn.fnameescape(path))
  local buf = vim.api.nvim_get_current_buf()
  vim.bo[buf].filetype = 'python'
  vim.lsp.buf_attach_client(buf, client_id)
  if not vim.wait(WAIT_MS, function() return #received.diagnostics > 0 end, 20) then
    error('no diagnostics were published within ' .. WAIT_MS .. ' ms')
  end

  local uri = vim.uri_from_bufnr(buf)
  received.hover = only_result(vim.lsp.buf_request_sync(buf, 'textDocument/hover',
    { textDocument = { uri = uri }, position = position(os.getenv('TS_LSP_HOVER')) }, WAIT_MS), 'hover') or vim.NIL

  -- Typing a new line: Neovim sends it to the server as an incremental didChange.
  local line = tonumber(os.getenv('TS_LSP_TYPE_LINE'))
  local typed = os.getenv('TS_LSP_TYPE')
  vim.api.nvim_buf_set_lines(buf, line, line, false, { typed })
  local completion = only_result(vim.lsp.buf_request_sync(buf, 'textDocument/completion',
    { textDocument = { uri = uri }, position = { line = line, character = #typed } }, WAIT_MS), 'completion')
  if completion ~= nil then
    received.completion = completion.items or completion
  end

  vim.lsp.stop_client(client_id)
  vim.wait(WAIT_MS, function() return exited end, 20)
end

local ok, err = pcall(run)
if not ok then
  table.insert(received.errors, tostring(err))
end
write_and_quit()
