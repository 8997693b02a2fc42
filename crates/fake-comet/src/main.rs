//! `cargo run -p fake-comet [-- --port 8787] [--chunk-ms 20] [--task-seconds 1.5]`: serve the
//! CometAPI stand-in on 127.0.0.1 until stopped. `--port 0` picks a free
//! port; the first line printed says which.

use std::net::{Ipv4Addr, SocketAddr};
use std::time::Duration;

fn arg(name: &str) -> Option<String> {
    let args: Vec<String> = std::env::args().collect();
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1).cloned())
}

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let port: u16 = arg("--port").and_then(|p| p.parse().ok()).unwrap_or(8787);
    let chunk_ms: u64 = arg("--chunk-ms").and_then(|p| p.parse().ok()).unwrap_or(20);
    let task_seconds: f64 = arg("--task-seconds")
        .and_then(|p| p.parse().ok())
        .unwrap_or(1.5);
    let config = fake_comet::Config {
        chunk_delay: Duration::from_millis(chunk_ms),
        task_seconds,
    };
    let server = fake_comet::spawn(SocketAddr::from((Ipv4Addr::LOCALHOST, port)), config).await?;
    println!("fake-comet listening on {}", server.base_url());
    tokio::signal::ctrl_c().await?;
    Ok(())
}
