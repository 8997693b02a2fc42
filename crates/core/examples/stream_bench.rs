//! `make bench` figure: streaming throughput of our client (HTTP, SSE
//! decoding, JSON parsing of every chunk) against curl reading the same
//! fake-comet stream (bytes only), side by side in one run, alternating,
//! so both meet the same machine load. Goal: at least 0.9× curl.
//!
//! fake-comet runs as its own process (`FAKE_BIN`, default the measure
//! build) with no delay between chunks: in this process it would share the
//! client's threads, and its per-chunk wake-ups would be counted as ours.

use comet_core::client::{
    ChatRequest, ClientConfig, CometClient, Endpoint, RetryPolicy, StreamEvent, WireMessage,
};
use comet_core::secret::normalize_key;
use comet_core::settings::ProxySetting;
use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const WORDS: usize = 200_000;
const RUNS: usize = 5;
const KEY: &str = "sk-bench-stream";

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let fake = std::env::var("FAKE_BIN").unwrap_or_else(|_| "target/measure/fake-comet".into());
    let mut server = Command::new(&fake)
        .args(["--port", "0", "--chunk-ms", "0"])
        .stdout(Stdio::piped())
        .spawn()
        .map_err(|e| {
            format!("{fake}: {e} (build it: cargo build --profile measure -p fake-comet)")
        })?;
    let mut first = String::new();
    BufReader::new(server.stdout.take().ok_or("no stdout")?).read_line(&mut first)?;
    let base = first
        .trim()
        .rsplit(' ')
        .next()
        .unwrap_or_default()
        .to_owned();
    // As in the app, where a command runs as a task on the runtime's
    // workers (main's own future runs outside them, a thread hop per chunk).
    let result = tokio::spawn(async move { run(&base).await.map_err(|e| e.to_string()) })
        .await
        .map_err(|e| e.to_string())
        .and_then(|r| r);
    let _ = server.kill();
    Ok(result?)
}

async fn run(base: &str) -> Result<(), Box<dyn std::error::Error>> {
    let prompt = format!("[[essay:{WORDS}]] go");
    let client = CometClient::new(&ClientConfig {
        base_url: base.to_owned(),
        balance_url: base.to_owned(),
        proxy: ProxySetting::None,
        connect_timeout: Duration::from_secs(5),
        idle_timeout: Duration::from_secs(30),
        retry: RetryPolicy::default(),
    })?;
    let key = normalize_key(KEY)?;
    let request = ChatRequest::streaming(
        "gpt-4o-mini",
        vec![WireMessage::text("user", prompt.clone())],
    );
    let body = serde_json::json!({
        "model": "gpt-4o-mini", "stream": true,
        "messages": [{"role": "user", "content": prompt}],
    })
    .to_string();
    let url = format!("{base}/v1/chat/completions");

    let (mut ours, mut curls) = (Vec::new(), Vec::new());
    let mut chars = 0;
    for _ in 0..RUNS {
        let started = Instant::now();
        let mut stream = client
            .open_chat_stream(&key, &request, Endpoint::ChatCompletions, &mut |_| {})
            .await
            .map_err(|f| f.error)?;
        chars = 0;
        while let Some(event) = stream.next().await {
            if let StreamEvent::Delta(text) = event? {
                chars += text.len();
            }
        }
        ours.push(started.elapsed().as_secs_f64());

        let started = Instant::now();
        let out = Command::new("curl")
            .args([
                "-sS",
                "-N",
                "-o",
                "/dev/null",
                "-w",
                "%{size_download}",
                "-X",
                "POST",
                &url,
            ])
            .args([
                "-H",
                &format!("Authorization: Bearer {KEY}"),
                "-H",
                "Content-Type: application/json",
            ])
            .args(["--data-binary", &body])
            .output()?;
        curls.push(started.elapsed().as_secs_f64());
        if !out.status.success() {
            return Err(format!("curl failed: {}", String::from_utf8_lossy(&out.stderr)).into());
        }
    }
    let (ours, curl) = (median(ours), median(curls));
    println!("stream_words {WORDS}");
    println!("stream_chars {chars}");
    println!("stream_ours_s {ours:.3}");
    println!("stream_curl_s {curl:.3}");
    println!("stream_ours_words_per_s {:.0}", WORDS as f64 / ours);
    println!("stream_curl_words_per_s {:.0}", WORDS as f64 / curl);
    println!("stream_vs_curl {:.2}", curl / ours);
    Ok(())
}
