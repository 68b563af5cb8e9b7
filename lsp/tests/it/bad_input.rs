//! Bad input: positions past the end, unknown files, non-UTF-8 files on disk (reported as
//! `tenor check` reports them), a file deleted
//! while open, unknown methods and requests after shutdown (through the real service).

use super::support::{package, snapshot, uri, SCHEMA};
use std::sync::Arc;
use tenor_lsp::world::World;
use tenor_lsp::{completion, hover, navigation, rename, symbols};
use tower_lsp_server::ls_types::Position;

#[test]
fn positions_past_the_end_and_unknown_files_answer_nothing() {
    let (snapshot, _) = package("decision d(c: Customer) { x = 1 }$0");
    for position in [Position::new(0, 9999), Position::new(9999, 0), Position::new(u32::MAX, u32::MAX)] {
        let policy = uri("policy.tenor");
        let _ = hover::hover(&snapshot, &policy, position);
        let _ = completion::complete(&snapshot, &policy, position);
        let _ = navigation::references(&snapshot, &policy, position, true);
        let _ = rename::rename(&snapshot, &policy, position, "y");
    }
    let missing = uri("missing.tenor");
    assert_eq!(hover::hover(&snapshot, &missing, Position::new(0, 0)), None);
    assert!(completion::complete(&snapshot, &missing, Position::new(0, 0)).is_empty());
    assert!(symbols::document(&snapshot, &missing).is_empty());
}

#[test]
fn positions_inside_multibyte_characters_are_clamped() {
    let text = "## café ☕ 𝄞\nrecord Café { a: Int }\n";
    let snapshot = snapshot(&[("schema.tenor", text)]);
    for character in 0..30 {
        for line in 0..3 {
            let _ = hover::hover(&snapshot, &uri("schema.tenor"), Position::new(line, character));
            let _ = completion::complete(&snapshot, &uri("schema.tenor"), Position::new(line, character));
        }
    }
}

#[test]
fn files_that_are_not_utf8_or_deleted_while_open_keep_the_rest_served() {
    let folder = std::env::temp_dir().join(format!("tenor-lsp-bad-input-{}", std::process::id()));
    std::fs::create_dir_all(&folder).unwrap();
    std::fs::write(folder.join("schema.tenor"), SCHEMA).unwrap();
    std::fs::write(folder.join("binary.tenor"), [0xff, 0xfe, 0x00, 0x80]).unwrap();
    let policy_path = folder.join("policy.tenor");
    std::fs::write(&policy_path, "decision d(c: Customer) { x = c.id }").unwrap();
    let policy = tower_lsp_server::ls_types::Uri::from_file_path(&policy_path).unwrap();
    let world = Arc::new(World::new(Vec::new()));
    world.set(policy.clone(), "decision d(c: Customer) { x = c.id }".to_owned());
    std::fs::remove_file(&policy_path).unwrap();
    let snapshot = world.snapshot(&policy);
    let binary = tower_lsp_server::ls_types::Uri::from_file_path(folder.join("binary.tenor")).unwrap();
    let found = tenor_lsp::diagnostics::all(&snapshot);
    let of = |u: &tower_lsp_server::ls_types::Uri| found.iter().find(|(f, _)| f == u).map(|(_, d)| d.clone()).unwrap_or_default();
    assert!(of(&policy).is_empty(), "{found:?}");
    let bad = of(&binary);
    assert_eq!(
        bad.first().map(|d| (d.range.start, d.message.as_str())),
        Some((Position::new(0, 0), "this file is not UTF-8 text\nhelp: save the file as UTF-8"))
    );
    let hover = hover::hover(&snapshot, &policy, Position::new(0, 33)).unwrap();
    assert!(format!("{hover:?}").contains("id: Text"));
    std::fs::remove_dir_all(&folder).unwrap();
}

#[tokio::test]
async fn unknown_methods_and_requests_after_shutdown_get_errors() {
    use tower::{Service, ServiceExt};
    use tower_lsp_server::jsonrpc::Request;
    let (mut service, _socket) = tenor_lsp::service();
    let init = Request::build("initialize").params(serde_json::json!({"capabilities": {}})).id(1).finish();
    let response = service.ready().await.unwrap().call(init).await.unwrap().unwrap();
    assert!(response.is_ok(), "{response:?}");
    let unknown = Request::build("tenor/unknown").params(serde_json::json!({})).id(2).finish();
    let response = service.ready().await.unwrap().call(unknown).await.unwrap().unwrap();
    assert_eq!(response.error().map(|e| e.code), Some(tower_lsp_server::jsonrpc::ErrorCode::MethodNotFound));
    let shutdown = Request::build("shutdown").id(3).finish();
    assert!(service.ready().await.unwrap().call(shutdown).await.unwrap().unwrap().is_ok());
    let hover = Request::build("textDocument/hover")
        .params(serde_json::json!({"textDocument": {"uri": "file:///pkg/policy.tenor"}, "position": {"line": 0, "character": 0}}))
        .id(4)
        .finish();
    let response = service.ready().await.unwrap().call(hover).await.unwrap().unwrap();
    assert_eq!(response.error().map(|e| e.code), Some(tower_lsp_server::jsonrpc::ErrorCode::InvalidRequest));
}
