//! The live engine: versions, reloads that refuse broken policies, rollback, watching, handles.

#![allow(clippy::unwrap_used, clippy::panic, reason = "tests stop loudly on a broken fixture")]

use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tenor_runtime::live::{LiveEngine, LiveError, LoadFailure, LoadOptions, PolicyVersion, ReloadEvent};

/// A fresh folder under the system's temp folder (`tempfile`, removed on drop), and its path.
struct TempDir(PathBuf, #[allow(dead_code, reason = "held for its drop, which removes the folder")] tempfile::TempDir);

impl TempDir {
    fn new(tag: &str) -> TempDir {
        let dir = tempfile::Builder::new().prefix(&format!("tenor-live-{tag}-")).tempdir().unwrap();
        TempDir(dir.path().to_path_buf(), dir)
    }

    fn write(&self, name: &str, text: &str) -> PathBuf {
        let path = self.0.join(name);
        std::fs::write(&path, text).unwrap();
        path
    }
}

/// A policy whose two outputs both say which version `n` it is.
fn policy(n: i64) -> String {
    format!("param level: Int = {n}\ndecision which(x: Int) {{\n  first: Int = level + x * 0\n  second: Int = level * 2 + x * 0\n}}\n")
}

const BROKEN: &str = "decision which(x: Int) {\n  first: Int = x +\n}\n";

#[derive(Serialize)]
struct In {
    x: i64,
}

#[derive(Deserialize, Debug, PartialEq)]
struct Out {
    first: i64,
    second: i64,
}

fn first(engine: &LiveEngine) -> i64 {
    engine.decide("which", &In { x: 1 }).unwrap().deserialize::<Out>().unwrap().first
}

#[test]
fn the_engine_is_send_sync_and_cheap_to_clone() {
    fn assert_shared<T: Send + Sync + Clone + 'static>() {}
    assert_shared::<LiveEngine>();
    assert_shared::<tenor_runtime::DecisionHandle>();
    assert_shared::<std::sync::Arc<PolicyVersion>>();
}

#[test]
fn a_version_id_is_a_content_hash_of_sources_and_params() {
    let dir = TempDir::new("id");
    dir.write("p.tenor", &policy(1));
    let load = |params: Option<&Path>| PolicyVersion::load(&dir.0, params, LoadOptions::default()).unwrap();
    let (a, b) = (load(None), load(None));
    assert_eq!(a.id(), b.id());
    assert_eq!(a.id().as_str().len(), 32);
    let params = dir.0.with_extension("toml");
    std::fs::write(&params, "level = 5").unwrap();
    let with_params = load(Some(&params));
    assert_ne!(with_params.id(), a.id());
    assert_eq!(with_params.decide_json("which", r#"{"x": 0}"#).unwrap().json(), r#"{"first":5,"second":10}"#);
    dir.write("p.tenor", &policy(2));
    assert_ne!(load(None).id(), a.id());
    let _ = std::fs::remove_file(params);
}

#[test]
fn a_broken_version_names_its_first_error_and_file_place() {
    let error = PolicyVersion::from_text("broken.tenor", BROKEN).unwrap_err();
    let LoadFailure::Compile { errors, first, .. } = &error else { panic!("{error:?}") };
    assert_eq!(*errors, 1);
    assert!(first.starts_with("broken.tenor:2:19: "), "{first}");
    assert!(error.to_string().starts_with("the policy has 1 error; first: broken.tenor:2:19: "), "{error}");
}

#[test]
fn an_empty_file_is_refused_as_a_save_in_progress() {
    let dir = TempDir::new("empty");
    let path = dir.write("p.tenor", &policy(1));
    let engine = LiveEngine::builder(&dir.0).open().unwrap();
    std::fs::write(&path, " \n").unwrap();
    let refused = engine.reload().unwrap_err();
    assert_eq!(
        refused.to_string(),
        format!("`{}` is empty (a save in progress?); a policy file must declare something, or delete it", path.display())
    );
    assert_eq!(first(&engine), 1);
}

#[test]
fn a_reload_swaps_good_versions_and_refuses_broken_ones() {
    let dir = TempDir::new("reload");
    dir.write("p.tenor", &policy(1));
    let events = Arc::new(Mutex::new(Vec::new()));
    let seen = events.clone();
    let engine = LiveEngine::builder(&dir.0).on_reload(move |e| seen.lock().unwrap().push(format!("{e:?}"))).open().unwrap();
    let v1 = engine.current().id().clone();
    assert!(matches!(engine.reload(), Ok(ReloadEvent::Unchanged(id)) if id == v1));

    dir.write("p.tenor", BROKEN);
    let refused = engine.reload().unwrap_err();
    assert!(refused.to_string().starts_with("the policy has 1 error"), "{refused}");
    assert_eq!(first(&engine), 1, "the live version keeps serving");
    let status = engine.status();
    assert_eq!((status.reloads, status.reload_failures), (0, 1));
    assert!(status.last_error.is_some());

    dir.write("p.tenor", &policy(2));
    assert!(matches!(engine.reload(), Ok(ReloadEvent::Swapped { .. })));
    assert_eq!(first(&engine), 2);
    assert!(engine.status().last_error.is_none(), "a good reload clears the last error");

    assert!(matches!(engine.rollback(), Some(ReloadEvent::RolledBack { to, .. }) if to == v1));
    assert_eq!(first(&engine), 1);
    assert!(engine.rollback().is_none(), "nothing older to roll back to");
    assert_eq!(events.lock().unwrap().len(), 4, "unchanged, refused, swapped, rolled back");
}

#[test]
fn params_reload_and_bad_params_are_refused() {
    let dir = TempDir::new("params");
    dir.write("p.tenor", &policy(1));
    let params = TempDir::new("params-file");
    let file = params.write("live.toml", "level = 7");
    let engine = LiveEngine::builder(&dir.0).params(&file).open().unwrap();
    assert_eq!(first(&engine), 7);
    params.write("live.toml", "levle = 8");
    let refused = engine.reload().unwrap_err();
    assert!(refused.to_string().contains("no param named `levle` (did you mean `level`?)"), "{refused}");
    params.write("live.toml", "level = 8");
    engine.reload().unwrap();
    assert_eq!(first(&engine), 8);
}

#[test]
fn the_test_gate_refuses_a_version_whose_tests_fail() {
    let dir = TempDir::new("gate");
    let tested = |expected: i64| format!("{}test \"level\" {{\n  given which(x: 0)\n  expect first == {expected}\n}}\n", policy(1));
    dir.write("p.tenor", &tested(1));
    let options = LoadOptions { require_tests: true, ..LoadOptions::default() };
    let engine = LiveEngine::builder(&dir.0).options(options).open().unwrap();
    dir.write("p.tenor", &tested(2));
    let refused = engine.reload().unwrap_err();
    assert_eq!(refused.to_string(), "1 of 1 test failed: `level`; fix the policy or its tests");
    assert_eq!(first(&engine), 1);
}

#[test]
fn handles_are_owned_follow_reloads_and_explain() {
    let dir = TempDir::new("handle");
    dir.write("p.tenor", &policy(1));
    let engine = LiveEngine::builder(&dir.0).open().unwrap();
    let handle = engine.decision("which").unwrap();
    drop(engine.clone());
    dir.write("p.tenor", &policy(3));
    engine.reload().unwrap();
    let decided = handle.decide_json(r#"{"x": 4}"#).unwrap();
    assert_eq!(decided.json(), r#"{"first":3,"second":6}"#);
    assert_eq!(decided.version(), engine.current().id());
    let explained = handle.clone().explained(true).decide_value(&serde_json::json!({"x": 4})).unwrap();
    assert!(explained.explanation().is_some(), "{}", explained.json());
    let unknown = engine.decision("whihc").err().unwrap();
    assert!(unknown.to_string().starts_with("no decision named `whihc` (did you mean `which`?)"), "{unknown}");
}

#[test]
fn inputs_and_outputs_convert_with_messages() {
    let version = PolicyVersion::from_text("p.tenor", &policy(1)).unwrap();
    let bad = version.decide_json("which", r#"{"x": "one"}"#).unwrap_err();
    assert_eq!(bad.to_string(), "x: expected a whole number, found string \"one\" at line 1 column 11");
    #[derive(Deserialize, Debug)]
    struct Wrong {
        #[allow(dead_code, reason = "only the error is looked at")]
        third: i64,
    }
    let decided = version.decide("which", &In { x: 0 }).unwrap();
    let wrong = decided.deserialize::<Wrong>().unwrap_err();
    assert!(matches!(&wrong, LiveError::Output { message, .. } if message.starts_with("missing field `third`")), "{wrong}");
}

/// Polls until the engine serves `level`, or fails after `limit`.
fn wait_for(engine: &LiveEngine, level: i64, limit: Duration) -> Duration {
    let start = Instant::now();
    while first(engine) != level {
        assert!(start.elapsed() < limit, "version {level} not live after {limit:?}; status: {:?}", engine.status().last_error);
        std::thread::sleep(Duration::from_millis(5));
    }
    start.elapsed()
}

#[test]
fn the_watcher_sees_rename_over_and_truncate_and_write_saves() {
    let dir = TempDir::new("watch");
    let path = dir.write("p.tenor", &policy(1));
    let engine = LiveEngine::builder(&dir.0).debounce(Duration::from_millis(30)).open().unwrap();
    let _watch = engine.watch().unwrap();
    // Rename over, as vim and helix save.
    dir.write(".p.tenor.swp", &policy(2));
    std::fs::rename(dir.0.join(".p.tenor.swp"), &path).unwrap();
    wait_for(&engine, 2, Duration::from_secs(1));
    // Truncate, then write in pieces.
    let text = policy(3);
    let (head, tail) = text.split_at(text.len() / 2);
    std::fs::write(&path, "").unwrap();
    std::fs::write(&path, head).unwrap();
    std::fs::write(&path, format!("{head}{tail}")).unwrap();
    wait_for(&engine, 3, Duration::from_secs(1));
    // A broken save is refused; the next good one is live.
    std::fs::write(&path, BROKEN).unwrap();
    std::thread::sleep(Duration::from_millis(200));
    assert_eq!(first(&engine), 3);
    assert!(engine.status().last_error.is_some());
    std::fs::write(&path, policy(4)).unwrap();
    wait_for(&engine, 4, Duration::from_secs(1));
}

#[test]
fn a_decision_never_mixes_two_versions() {
    let dir = TempDir::new("mix");
    dir.write("p.tenor", &policy(0));
    let engine = LiveEngine::builder(&dir.0).open().unwrap();
    let levels: Arc<Mutex<HashMap<String, i64>>> = Arc::default();
    levels.lock().unwrap().insert(engine.current().id().to_string(), 0);
    let done = Arc::new(AtomicBool::new(false));
    let deciders: Vec<_> = (0..3)
        .map(|_| {
            let (engine, levels, done) = (engine.clone(), levels.clone(), done.clone());
            std::thread::spawn(move || {
                let mut checked = 0;
                while !done.load(Ordering::Relaxed) {
                    let decided = engine.decide("which", &In { x: 1 }).unwrap();
                    let out: Out = decided.deserialize().unwrap();
                    assert_eq!(out.second, out.first * 2, "both outputs come from one version");
                    let known = levels.lock().unwrap().get(decided.version().as_str()).copied();
                    assert_eq!(known, Some(out.first), "the decision matches the version it names");
                    checked += 1;
                }
                checked
            })
        })
        .collect();
    for n in 1..=40 {
        dir.write("p.tenor", &policy(n));
        let version = PolicyVersion::load(&dir.0, None, LoadOptions::default()).unwrap();
        levels.lock().unwrap().insert(version.id().to_string(), n);
        engine.reload().unwrap();
    }
    done.store(true, Ordering::Relaxed);
    let checked: usize = deciders.into_iter().map(|d| d.join().unwrap()).sum();
    assert!(checked > 40, "{checked} decisions checked");
    assert_eq!(first(&engine), 40);
}
