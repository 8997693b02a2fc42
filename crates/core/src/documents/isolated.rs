//! Reading a document in a child process: the app's own binary, started
//! with `READ_DOCUMENT_ARG`. PDF parsers can panic or spin on odd files,
//! and the release build aborts on a panic, so a file that breaks its
//! reader ends that child, never the app. The child caps its own CPU time
//! and memory; the parent stops waiting (and kills it) at the time limit.
//!
//! The parent writes one JSON line (`Request`) and then the file's bytes to
//! the child's stdin; the child answers with one JSON `Answer` on stdout.

use super::{extract, Extracted, Limits};
use crate::error::{AppError, AppResult};
use serde::{Deserialize, Serialize};
use std::io::{BufRead, BufReader, Read, Write};
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// The argument that makes the app's binary read one document and exit.
pub const READ_DOCUMENT_ARG: &str = "--read-document";

/// The child may take this long past the reading limit to start and answer.
const GRACE: Duration = Duration::from_secs(5);
/// The child's address space: far above any document's needs, far below
/// what would push the desktop into swap.
#[cfg(unix)]
const MAX_CHILD_MEMORY: u64 = 4 * 1024 * 1024 * 1024;

/// Where documents are read.
#[derive(Debug, Clone, Default)]
pub enum Reader {
    /// In this process (tests of the readers themselves).
    #[default]
    InProcess,
    /// In a child: this binary, which calls `serve_child` when started
    /// with `READ_DOCUMENT_ARG`.
    Child(PathBuf),
}

#[derive(Serialize, Deserialize)]
struct Request {
    name: String,
    max_file_bytes: u64,
    max_unpacked_bytes: u64,
    max_text_chars: usize,
    max_time_ms: u64,
}

#[derive(Serialize, Deserialize)]
enum Answer {
    Read(Extracted),
    Refused(AppError),
}

impl Reader {
    /// A document's text. Blocking: call it off the IPC thread.
    pub fn extract(&self, name: &str, bytes: &[u8], limits: Limits) -> AppResult<Extracted> {
        match self {
            Self::InProcess => extract(name, bytes, limits),
            Self::Child(exe) => in_child(exe, name, bytes, limits),
        }
    }
}

fn broke(name: &str) -> AppError {
    AppError::invalid_input(format!(
        "{name} could not be read: the file looks damaged, or is not what its name says."
    ))
}

fn in_child(exe: &PathBuf, name: &str, bytes: &[u8], limits: Limits) -> AppResult<Extracted> {
    let mut child = Command::new(exe)
        .arg(READ_DOCUMENT_ARG)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|err| AppError::file(format!("the document reader did not start: {err}")))?;
    let request = Request {
        name: name.to_owned(),
        max_file_bytes: limits.max_file_bytes,
        max_unpacked_bytes: limits.max_unpacked_bytes,
        max_text_chars: limits.max_text_chars,
        max_time_ms: limits.max_time.as_millis() as u64,
    };
    let mut head = serde_json::to_vec(&request).map_err(AppError::storage)?;
    head.push(b'\n');
    // Written and read on their own threads: a child that stops reading or
    // writing must not block this one past the deadline.
    let stdin = child.stdin.take();
    let body = bytes.to_vec();
    std::thread::spawn(move || {
        if let Some(mut stdin) = stdin {
            // A child that dies early closes the pipe: nothing to do then.
            let _ = stdin.write_all(&head).and_then(|()| stdin.write_all(&body));
        }
    });
    let stdout = child.stdout.take();
    let output = std::thread::spawn(move || {
        let mut out = Vec::new();
        if let Some(mut stdout) = stdout {
            let _ = stdout.read_to_end(&mut out);
        }
        out
    });
    let deadline = Instant::now() + limits.max_time + GRACE;
    loop {
        match child.try_wait() {
            Ok(Some(_)) => break,
            Ok(None) if Instant::now() < deadline => std::thread::sleep(Duration::from_millis(10)),
            _ => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(AppError::invalid_input(format!(
                    "Reading {name} took longer than {} s, so it was stopped.",
                    limits.max_time.as_secs()
                )));
            }
        }
    }
    let out = output.join().unwrap_or_default();
    match serde_json::from_slice::<Answer>(&out) {
        Ok(Answer::Read(extracted)) => Ok(extracted),
        Ok(Answer::Refused(err)) => Err(err),
        // Killed by its limits, a crash or an abort: no answer came.
        Err(_) => Err(broke(name)),
    }
}

/// The child's side: read the request, cap this process, answer, return
/// the exit code. Called by the app's `main` before anything else starts.
pub fn serve_child() -> i32 {
    let mut input = BufReader::new(std::io::stdin().lock());
    let mut head = String::new();
    let Ok(request) = input
        .read_line(&mut head)
        .map_err(|_| ())
        .and_then(|_| serde_json::from_str::<Request>(&head).map_err(|_| ()))
    else {
        return 2;
    };
    let limits = Limits {
        max_file_bytes: request.max_file_bytes,
        max_unpacked_bytes: request.max_unpacked_bytes,
        max_text_chars: request.max_text_chars,
        max_time: Duration::from_millis(request.max_time_ms),
    };
    let mut bytes = Vec::new();
    if input
        .take(limits.max_file_bytes.saturating_add(1))
        .read_to_end(&mut bytes)
        .is_err()
    {
        return 2;
    }
    cap_resources(limits.max_time);
    let answer = match extract(&request.name, &bytes, limits) {
        Ok(extracted) => Answer::Read(extracted),
        Err(err) => Answer::Refused(err),
    };
    let Ok(json) = serde_json::to_vec(&answer) else {
        return 2;
    };
    let mut stdout = std::io::stdout().lock();
    match stdout.write_all(&json).and_then(|()| stdout.flush()) {
        Ok(()) => 0,
        Err(_) => 2,
    }
}

/// CPU seconds past the reading limit end the child (SIGXCPU), and an
/// allocation past the memory cap fails (the reader aborts): either way the
/// parent hears no answer and says the file could not be read.
#[cfg(unix)]
fn cap_resources(max_time: Duration) {
    let cpu = max_time.as_secs() + GRACE.as_secs();
    for (resource, value) in [(libc::RLIMIT_CPU, cpu), (libc::RLIMIT_AS, MAX_CHILD_MEMORY)] {
        let limit = libc::rlimit {
            rlim_cur: value as libc::rlim_t,
            rlim_max: value as libc::rlim_t,
        };
        // SAFETY: setrlimit reads the struct it is given and nothing else.
        let failed = unsafe { libc::setrlimit(resource, &limit) } != 0;
        if failed {
            tracing::warn!("the document reader could not cap its resources");
        }
    }
}

#[cfg(not(unix))]
fn cap_resources(_max_time: Duration) {}
