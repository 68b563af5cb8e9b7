//! `tenor lsp`: the language server, speaking LSP on standard input and output.

/// Arguments of `tenor lsp`.
#[derive(clap::Args)]
pub struct Args {
    /// Accepted for editors that pass it; stdio is the only transport.
    #[arg(long)]
    stdio: bool,
}

/// Serves until the editor sends `exit`; false when the async runtime cannot start.
pub fn run(args: Args) -> bool {
    let _ = args.stdio;
    match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(runtime) => {
            runtime.block_on(tenor_lsp::serve_stdio());
            true
        }
        Err(error) => {
            crate::report::err_line(&format!("error: cannot start the language server: {error}"));
            false
        }
    }
}
