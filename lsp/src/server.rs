//! The LSP server: capabilities, document sync with debounced diagnostics, and one line per
//! request that hands the newest snapshot to the feature module.

use crate::world::World;
use crate::{code_actions, completion, diagnostics, folding, hover, navigation, rename, semantic_tokens, symbols};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;
use tower_lsp_server::jsonrpc::{Error, Result};
use tower_lsp_server::ls_types::*;
use tower_lsp_server::{Client, LanguageServer, LspService, Server};

/// How long diagnostics wait for the typing to pause: a newer change within it replaces them.
const DEBOUNCE: Duration = Duration::from_millis(10);

/// The server's state: the client to publish to and the documents.
#[derive(Debug)]
pub struct Backend {
    client: Client,
    world: Arc<World>,
}

/// The service and its client socket, ready to serve (used by `tenor lsp` and by tests).
pub fn service() -> (LspService<Backend>, tower_lsp_server::ClientSocket) {
    let stdlib = crate::stdlib_files::write().unwrap_or_default();
    LspService::new(|client| Backend { client, world: Arc::new(World::new(stdlib)) })
}

/// Serves the language server on standard input and output until the client exits.
pub async fn serve_stdio() {
    let (service, socket) = service();
    Server::new(tokio::io::stdin(), tokio::io::stdout(), socket).serve(service).await;
}

impl Backend {
    /// Re-analyses the package of `uri` after the debounce and publishes its diagnostics,
    /// unless a newer change came in meanwhile.
    fn schedule_diagnostics(&self, uri: Uri, generation: u64) {
        let (client, world) = (self.client.clone(), Arc::clone(&self.world));
        tokio::spawn(async move {
            tokio::time::sleep(DEBOUNCE).await;
            if world.generation() != generation {
                return;
            }
            let worker = Arc::clone(&world);
            let Ok(snapshot) = tokio::task::spawn_blocking(move || worker.snapshot(&uri)).await else { return };
            if world.generation() != generation {
                return;
            }
            for (uri, list) in diagnostics::all(&snapshot) {
                client.publish_diagnostics(uri, list, None).await;
            }
        });
    }
}

fn capabilities() -> ServerCapabilities {
    ServerCapabilities {
        text_document_sync: Some(TextDocumentSyncCapability::Options(TextDocumentSyncOptions {
            open_close: Some(true),
            change: Some(TextDocumentSyncKind::FULL),
            save: Some(TextDocumentSyncSaveOptions::Supported(true)),
            ..TextDocumentSyncOptions::default()
        })),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        completion_provider: Some(CompletionOptions { trigger_characters: Some(vec![".".to_owned()]), ..CompletionOptions::default() }),
        definition_provider: Some(OneOf::Left(true)),
        references_provider: Some(OneOf::Left(true)),
        document_highlight_provider: Some(OneOf::Left(true)),
        rename_provider: Some(OneOf::Right(RenameOptions { prepare_provider: Some(true), work_done_progress_options: Default::default() })),
        document_symbol_provider: Some(OneOf::Left(true)),
        workspace_symbol_provider: Some(OneOf::Left(true)),
        folding_range_provider: Some(FoldingRangeProviderCapability::Simple(true)),
        code_action_provider: Some(CodeActionProviderCapability::Simple(true)),
        semantic_tokens_provider: Some(SemanticTokensServerCapabilities::SemanticTokensOptions(SemanticTokensOptions {
            legend: semantic_tokens::legend(),
            full: Some(SemanticTokensFullOptions::Bool(true)),
            ..SemanticTokensOptions::default()
        })),
        // No formatting: `tenor fmt` does not exist yet.
        ..ServerCapabilities::default()
    }
}

/// The workspace folders of `initialize`, or its root URI; none when the client named neither.
fn roots(params: &InitializeParams) -> Vec<PathBuf> {
    let folders = params.workspace_folders.iter().flatten().map(|f| &f.uri);
    #[allow(deprecated, reason = "older clients send only the root URI")]
    let root = params.root_uri.as_ref();
    let uris: Vec<&Uri> =
        if params.workspace_folders.as_ref().is_some_and(|f| !f.is_empty()) { folders.collect() } else { root.into_iter().collect() };
    uris.into_iter().filter_map(|u| u.to_file_path().map(|p| p.into_owned())).collect()
}

/// Asks the client to report created, changed and deleted `.tenor` files.
fn watch_registration() -> Registration {
    let options = DidChangeWatchedFilesRegistrationOptions {
        watchers: vec![FileSystemWatcher { glob_pattern: GlobPattern::String("**/*.tenor".to_owned()), kind: None }],
    };
    Registration {
        id: "tenor-watch-files".to_owned(),
        method: "workspace/didChangeWatchedFiles".to_owned(),
        register_options: serde_json::to_value(options).ok(),
    }
}

impl LanguageServer for Backend {
    async fn initialize(&self, params: InitializeParams) -> Result<InitializeResult> {
        self.world.set_roots(roots(&params));
        let watch = params.capabilities.workspace.and_then(|w| w.did_change_watched_files).and_then(|d| d.dynamic_registration);
        self.world.set_watched(watch == Some(true));
        Ok(InitializeResult {
            capabilities: capabilities(),
            server_info: Some(ServerInfo { name: "tenor-lsp".to_owned(), version: Some(env!("CARGO_PKG_VERSION").to_owned()) }),
            ..InitializeResult::default()
        })
    }

    async fn initialized(&self, _: InitializedParams) {
        if self.world.watched() {
            // Without this registration (refused or failed) the index is read again on save.
            let registered = self.client.register_capability(vec![watch_registration()]).await;
            self.world.set_watched(registered.is_ok());
        }
    }

    async fn did_change_watched_files(&self, params: DidChangeWatchedFilesParams) {
        let mut generation = self.world.generation();
        for change in params.changes {
            if let Some(path) = change.uri.to_file_path() {
                generation = self.world.file_changed(&path);
            }
        }
        for uri in self.world.open_uris() {
            self.schedule_diagnostics(uri, generation);
        }
    }

    async fn shutdown(&self) -> Result<()> {
        Ok(())
    }

    async fn did_open(&self, params: DidOpenTextDocumentParams) {
        let uri = params.text_document.uri;
        self.world.set(uri.clone(), params.text_document.text);
        let generation = self.world.files_may_have_changed();
        self.schedule_diagnostics(uri, generation);
    }

    async fn did_change(&self, params: DidChangeTextDocumentParams) {
        // Full sync: the last change holds the whole text.
        let Some(change) = params.content_changes.into_iter().last() else { return };
        let uri = params.text_document.uri;
        let generation = self.world.set(uri.clone(), change.text);
        self.schedule_diagnostics(uri, generation);
    }

    async fn did_save(&self, params: DidSaveTextDocumentParams) {
        let uri = params.text_document.uri;
        if let Some(text) = params.text {
            self.world.set(uri.clone(), text);
        }
        let generation = self.world.files_may_have_changed();
        self.schedule_diagnostics(uri, generation);
    }

    async fn did_close(&self, params: DidCloseTextDocumentParams) {
        let uri = params.text_document.uri;
        let generation = self.world.close(&uri);
        self.schedule_diagnostics(uri, generation);
    }

    async fn hover(&self, params: HoverParams) -> Result<Option<Hover>> {
        let p = params.text_document_position_params;
        Ok(hover::hover(&self.world.snapshot(&p.text_document.uri), &p.text_document.uri, p.position))
    }

    async fn completion(&self, params: CompletionParams) -> Result<Option<CompletionResponse>> {
        let p = params.text_document_position;
        let items = completion::complete(&self.world.snapshot(&p.text_document.uri), &p.text_document.uri, p.position);
        Ok(Some(CompletionResponse::Array(items)))
    }

    async fn goto_definition(&self, params: GotoDefinitionParams) -> Result<Option<GotoDefinitionResponse>> {
        let p = params.text_document_position_params;
        let location = navigation::definition(&self.world.snapshot(&p.text_document.uri), &p.text_document.uri, p.position);
        Ok(location.map(GotoDefinitionResponse::Scalar))
    }

    async fn references(&self, params: ReferenceParams) -> Result<Option<Vec<Location>>> {
        let p = params.text_document_position;
        let snapshot = self.world.snapshot(&p.text_document.uri);
        Ok(Some(navigation::references(&snapshot, &p.text_document.uri, p.position, params.context.include_declaration)))
    }

    async fn document_highlight(&self, params: DocumentHighlightParams) -> Result<Option<Vec<DocumentHighlight>>> {
        let p = params.text_document_position_params;
        Ok(Some(navigation::highlights(&self.world.snapshot(&p.text_document.uri), &p.text_document.uri, p.position)))
    }

    async fn prepare_rename(&self, params: TextDocumentPositionParams) -> Result<Option<PrepareRenameResponse>> {
        Ok(rename::prepare(&self.world.snapshot(&params.text_document.uri), &params.text_document.uri, params.position))
    }

    async fn rename(&self, params: RenameParams) -> Result<Option<WorkspaceEdit>> {
        let p = params.text_document_position;
        let snapshot = self.world.snapshot(&p.text_document.uri);
        rename::rename(&snapshot, &p.text_document.uri, p.position, &params.new_name).map_err(Error::invalid_params)
    }

    async fn document_symbol(&self, params: DocumentSymbolParams) -> Result<Option<DocumentSymbolResponse>> {
        let uri = params.text_document.uri;
        Ok(Some(DocumentSymbolResponse::Nested(symbols::document(&self.world.snapshot(&uri), &uri))))
    }

    async fn symbol(&self, params: WorkspaceSymbolParams) -> Result<Option<WorkspaceSymbolResponse>> {
        let open = self.world.open_uris();
        let mut found = Vec::new();
        let mut folders_seen = Vec::new();
        for uri in open {
            let snapshot = self.world.snapshot(&uri);
            let key = snapshot.files.first().map(|f| f.uri.clone());
            if !folders_seen.contains(&key) {
                folders_seen.push(key);
                found.extend(symbols::workspace(&snapshot, &params.query));
            }
        }
        Ok(Some(WorkspaceSymbolResponse::Nested(found)))
    }

    async fn folding_range(&self, params: FoldingRangeParams) -> Result<Option<Vec<FoldingRange>>> {
        let uri = params.text_document.uri;
        Ok(Some(folding::ranges(&self.world.snapshot(&uri), &uri)))
    }

    async fn semantic_tokens_full(&self, params: SemanticTokensParams) -> Result<Option<SemanticTokensResult>> {
        let uri = params.text_document.uri;
        Ok(Some(SemanticTokensResult::Tokens(semantic_tokens::tokens(&self.world.snapshot(&uri), &uri))))
    }

    async fn code_action(&self, params: CodeActionParams) -> Result<Option<CodeActionResponse>> {
        let uri = params.text_document.uri;
        Ok(Some(code_actions::actions(&self.world.snapshot(&uri), &uri, params.range)))
    }
}
