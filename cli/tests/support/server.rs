//! A `tenor serve` on a free loopback port, stopped (by its own handle) when dropped; a temp
//! folder for its policies; a small HTTP client.

#![allow(dead_code, clippy::unwrap_used, clippy::panic, reason = "each test file uses part of the helpers")]

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// A fresh folder under the system's temp folder (`tempfile`, removed on drop), and its path.
pub struct TempDir(pub PathBuf, #[allow(dead_code, reason = "held for its drop, which removes the folder")] tempfile::TempDir);

impl TempDir {
    pub fn new(tag: &str) -> TempDir {
        let dir = tempfile::Builder::new().prefix(&format!("tenor-serve-{tag}-")).tempdir().unwrap();
        TempDir(dir.path().to_path_buf(), dir)
    }

    pub fn write(&self, name: &str, text: &str) -> PathBuf {
        let path = self.0.join(name);
        std::fs::write(&path, text).unwrap();
        path
    }
}

/// A running `tenor serve`.
pub struct Server {
    child: Child,
    /// `http://127.0.0.1:PORT`.
    pub base: String,
    /// Everything it logged so far.
    pub log: Arc<Mutex<String>>,
    pub agent: ureq::Agent,
}

impl Server {
    /// Starts `tenor serve PATH --addr 127.0.0.1:0 ARGS…` and waits for its address.
    pub fn start(path: &std::path::Path, args: &[&str], env: &[(&str, &str)]) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_tenor"))
            .arg("serve")
            .arg(path)
            .args(["--addr", "127.0.0.1:0"])
            .args(args)
            .env_remove("TENOR_ADMIN_TOKEN")
            .envs(env.iter().copied())
            .env("RUST_LOG", "info")
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let stderr = BufReader::new(child.stderr.take().unwrap());
        let log = Arc::new(Mutex::new(String::new()));
        let (tx, rx) = std::sync::mpsc::channel();
        let sink = log.clone();
        std::thread::spawn(move || {
            for line in stderr.lines().map_while(Result::ok) {
                if let Some(addr) = line.split("listening on ").nth(1) {
                    let _ = tx.send(addr.trim().to_owned());
                }
                sink.lock().unwrap().push_str(&format!("{line}\n"));
            }
        });
        let Ok(base) = rx.recv_timeout(Duration::from_secs(20)) else {
            let _ = child.kill();
            panic!("tenor serve did not start: {}", log.lock().unwrap());
        };
        let config = ureq::Agent::config_builder().http_status_as_error(false).timeout_global(Some(Duration::from_secs(10))).build();
        Server { child, base, log, agent: config.into() }
    }

    /// POSTs `body`; returns the status and the body text.
    pub fn post(&self, path: &str, body: &str, headers: &[(&str, &str)]) -> (u16, String) {
        let mut request = self.agent.post(format!("{}{path}", self.base)).header("content-type", "application/json");
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        let mut response = request.send(body).unwrap();
        let status = response.status().as_u16();
        (status, response.body_mut().read_to_string().unwrap())
    }

    /// GETs `path`; returns the status and the body text.
    pub fn get(&self, path: &str) -> (u16, String) {
        let mut response = self.agent.get(format!("{}{path}", self.base)).call().unwrap();
        let status = response.status().as_u16();
        (status, response.body_mut().read_to_string().unwrap())
    }

    /// The JSON of `GET path`.
    pub fn get_json(&self, path: &str) -> serde_json::Value {
        let (status, body) = self.get(path);
        assert_eq!(status, 200, "{body}");
        serde_json::from_str(&body).unwrap()
    }

    /// Sends SIGTERM to this server (by its process id) and waits; whether it exited cleanly, and its log.
    pub fn terminate(mut self) -> (bool, String) {
        let _ = Command::new("kill").args(["-TERM", &self.child.id().to_string()]).status();
        let status = self.child.wait().unwrap();
        std::thread::sleep(Duration::from_millis(50));
        (status.success(), self.log.lock().unwrap().clone())
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
