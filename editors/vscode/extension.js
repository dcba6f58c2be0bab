// The pcx extension: starts `pcx lsp` (docs/editors.md) and adds a command that runs the
// current script, whose certificate verdicts then show as information diagnostics.
'use strict';
const vscode = require('vscode');
const { LanguageClient, ExecuteCommandRequest } = require('vscode-languageclient/node');

let client;

function activate(context) {
  const config = vscode.workspace.getConfiguration('pcx');
  const serverOptions = { command: config.get('path', 'pcx'), args: ['lsp'] };
  const clientOptions = {
    documentSelector: [{ scheme: 'file', language: 'pcx' }, { scheme: 'untitled', language: 'pcx' }],
    initializationOptions: { debounceMilliseconds: config.get('debounceMilliseconds', 10) },
  };
  client = new LanguageClient('pcx', 'pcx language server', serverOptions, clientOptions);

  context.subscriptions.push(vscode.commands.registerCommand('pcx.runCurrentScript', runCurrentScript));
  context.subscriptions.push(vscode.commands.registerCommand('pcx.restartServer', () => client.restart()));
  return client.start();
}

/// Runs the script in the active editor (training and certificates: it may take a while).
async function runCurrentScript() {
  const editor = vscode.window.activeTextEditor;
  if (!editor || editor.document.languageId !== 'pcx') {
    vscode.window.showWarningMessage('pcx: open a .pcx script first.');
    return;
  }
  const uri = editor.document.uri.toString();
  const title = 'pcx: running ' + vscode.workspace.asRelativePath(editor.document.uri);
  try {
    const summary = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title },
      () => client.sendRequest(ExecuteCommandRequest.type, { command: 'pcx.runScript', arguments: [uri] }));
    vscode.window.showInformationMessage('pcx: ' + summary.message);
  } catch (error) {
    vscode.window.showErrorMessage('pcx: ' + (error && error.message ? error.message : String(error)));
  }
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
