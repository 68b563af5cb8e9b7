//! One analysis of a folder's files (with the files of the packages they import): texts, line indexes, the compiler's analysis and the
//! declaration index every feature reads. Built whole for each change; never mutated.

use crate::index::Index;
use crate::position::LineIndex;
use tenor_compiler::diagnostic::Code;
use tenor_compiler::native::{stdlib_file, stdlib_source, STDLIB};
use tenor_compiler::span::{FileId, Sources, Span};
use tenor_compiler::Analysis;
use tower_lsp_server::ls_types::{Location, Position, Range, Uri};

/// A file of the snapshot: where it is and what it says.
#[derive(Debug)]
pub struct File {
    /// Its URI.
    pub uri: Uri,
    /// Its text.
    pub text: String,
    /// Its line starts.
    pub lines: LineIndex,
}

/// The analysis of a set of files.
#[derive(Debug)]
pub struct Snapshot {
    /// The files, indexed by [`FileId`]: first the folder's own, then those it imports.
    pub files: Vec<File>,
    /// How many of `files` are the folder's own: their diagnostics are published with this
    /// snapshot; the imported files' are published from their own folder's snapshot.
    pub own: usize,
    /// The standard library's virtual files, where stdlib spans point.
    pub stdlib: Vec<File>,
    /// The compiler's analysis.
    pub analysis: Analysis,
    /// Every declaration, for hover, completion, navigation and rename.
    pub index: Index,
}

impl Snapshot {
    /// Analyses `files`; `stdlib_uris` name the standard library's files (one per module of
    /// [`STDLIB`], in order) for go-to-definition into it.
    pub fn build(files: Vec<(Uri, String)>, stdlib_uris: &[Uri]) -> Snapshot {
        Snapshot::build_with_imports(files, Vec::new(), stdlib_uris)
    }

    /// Analyses a folder's `files` with the `imported` files of the packages they import (from
    /// other folders), which are analysed too but not [`Snapshot::own`].
    pub fn build_with_imports(mut files: Vec<(Uri, String)>, imported: Vec<(Uri, String)>, stdlib_uris: &[Uri]) -> Snapshot {
        let own = files.len();
        files.extend(imported);
        let mut sources = Sources::new();
        for (uri, text) in &files {
            sources.add(uri.as_str(), text.as_str());
        }
        let analysis = tenor_compiler::analyze(&sources);
        let files: Vec<File> = files.into_iter().map(|(uri, text)| File { lines: LineIndex::new(&text), uri, text }).collect();
        let stdlib = STDLIB
            .iter()
            .zip(stdlib_uris)
            .map(|((_, text), uri)| File { uri: uri.clone(), text: (*text).to_owned(), lines: LineIndex::new(text) })
            .collect();
        let index = Index::build(&analysis);
        Snapshot { files, own, stdlib, analysis, index }
    }

    /// Reports that the file at `uri` is not UTF-8 from byte `valid_up_to` on (its text was
    /// read with replacement characters), with the code and words of `tenor check`.
    pub fn not_utf8(&mut self, uri: &Uri, valid_up_to: usize) {
        let Some(file) = self.file_id(uri) else { return };
        let span = Span::new(file, valid_up_to, valid_up_to + 1);
        let diagnostic = tenor_compiler::diagnostic::Diagnostic::error(Code::NotUtf8, span, "this file is not UTF-8 text")
            .with_label("first byte that is not UTF-8")
            .with_help("save the file as UTF-8");
        self.analysis.diagnostics.push(diagnostic);
        tenor_compiler::diagnostic::sort(&mut self.analysis.diagnostics);
    }

    /// The file a span points into: a package file or a stdlib virtual file.
    pub fn file(&self, id: FileId) -> Option<&File> {
        match stdlib_source(id) {
            Some(_) => self.stdlib.get(usize::try_from(id.0 - stdlib_file(0).0).ok()?),
            None => self.files.get(id.0 as usize),
        }
    }

    /// The id of the file at `uri`.
    pub fn file_id(&self, uri: &Uri) -> Option<FileId> {
        let index = self.files.iter().position(|f| &f.uri == uri)?;
        Some(FileId(u32::try_from(index).ok()?))
    }

    /// The byte offset of `position` in the file at `uri`.
    pub fn offset(&self, uri: &Uri, position: Position) -> Option<(FileId, usize)> {
        let id = self.file_id(uri)?;
        let file = self.file(id)?;
        Some((id, file.lines.offset(&file.text, position)))
    }

    /// The LSP range of a span.
    pub fn range(&self, span: Span) -> Option<Range> {
        let file = self.file(span.file)?;
        Some(file.lines.range(&file.text, span.start as usize, span.end as usize))
    }

    /// The LSP location of a span.
    pub fn location(&self, span: Span) -> Option<Location> {
        Some(Location::new(self.file(span.file)?.uri.clone(), self.range(span)?))
    }

    /// The text of a span.
    pub fn text(&self, span: Span) -> &str {
        self.file(span.file).and_then(|f| f.text.get(span.start as usize..span.end as usize)).unwrap_or("")
    }
}
