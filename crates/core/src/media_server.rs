//! Videos and songs for the window, over HTTP on loopback. WebKitGTK hands
//! a `<video>`'s address straight to GStreamer, which has no source for an
//! app's own URI scheme (WebKit bug 146351, open since 2015): a clip on
//! `comet-image:` fails with MEDIA_ERR_SRC_NOT_SUPPORTED before a byte is
//! read. GStreamer does play `http:`, with range requests, so the media
//! store is served here, read-only: only on 127.0.0.1, only under a random
//! token made at each start (another local program cannot guess the
//! address), only names the store makes, and every range streamed from
//! disk, so a 500 MB clip seeks without being read into memory.

use crate::media_files::ranges::{byte_range_within, RangeAnswer};
use crate::media_files::{mime_of, MediaFiles};
use std::future::Future;
use std::io;
use std::sync::Arc;
use std::time::Duration;
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncSeekExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};

/// A request head longer than this is not one the window sends.
const MAX_HEAD: usize = 8 * 1024;
/// An idle connection is closed after this long.
const IDLE: Duration = Duration::from_secs(30);

/// The server's address for the window, as a managed value.
pub struct MediaAddress(pub String);

/// Where the window finds the store (`http://127.0.0.1:<port>/<token>`),
/// and the server to run on the app's runtime.
pub fn bind(
    files: Arc<MediaFiles>,
    allowed_origins: &'static [&'static str],
) -> io::Result<(String, impl Future<Output = ()> + Send + 'static)> {
    let listener = std::net::TcpListener::bind(("127.0.0.1", 0))?;
    listener.set_nonblocking(true)?;
    let port = listener.local_addr()?.port();
    let token: String = rand::random::<[u8; 16]>()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let base = format!("http://127.0.0.1:{port}/{token}");
    let serve = async move {
        let listener = match TcpListener::from_std(listener) {
            Ok(listener) => listener,
            Err(err) => {
                tracing::warn!(%err, "the media server could not start");
                return;
            }
        };
        let token = Arc::new(token);
        loop {
            let Ok((stream, _)) = listener.accept().await else {
                continue;
            };
            let (files, token) = (files.clone(), token.clone());
            tokio::spawn(async move {
                let _ = connection(stream, &files, &token, allowed_origins).await;
            });
        }
    };
    Ok((base, serve))
}

struct Head {
    method: String,
    path: String,
    range: Option<String>,
    origin: Option<String>,
}

/// Reads one request head; `None` at the end of the connection.
async fn read_head(reader: &mut BufReader<TcpStream>) -> io::Result<Option<Head>> {
    let mut line = String::new();
    let mut head: Option<Head> = None;
    let mut read = 0;
    loop {
        line.clear();
        let n = tokio::time::timeout(IDLE, reader.read_line(&mut line))
            .await
            .map_err(|_| io::Error::from(io::ErrorKind::TimedOut))??;
        read += n;
        if n == 0 || read > MAX_HEAD {
            return Ok(None);
        }
        let text = line.trim_end();
        match head.as_mut() {
            None => {
                let mut parts = text.split(' ');
                let (Some(method), Some(path)) = (parts.next(), parts.next()) else {
                    return Ok(None);
                };
                head = Some(Head {
                    method: method.to_owned(),
                    path: path.to_owned(),
                    range: None,
                    origin: None,
                });
            }
            Some(_) if text.is_empty() => return Ok(head),
            Some(head) => {
                if let Some((name, value)) = text.split_once(':') {
                    let value = value.trim().to_owned();
                    match name.trim().to_ascii_lowercase().as_str() {
                        "range" => head.range = Some(value),
                        "origin" => head.origin = Some(value),
                        _ => {}
                    }
                }
            }
        }
    }
}

async fn connection(
    stream: TcpStream,
    files: &MediaFiles,
    token: &str,
    allowed_origins: &[&str],
) -> io::Result<()> {
    let mut reader = BufReader::new(stream);
    while let Some(head) = read_head(&mut reader).await? {
        let file = head
            .path
            .split('?')
            .next()
            .and_then(|p| p.strip_prefix('/'))
            .and_then(|p| p.strip_prefix(token))
            .and_then(|p| p.strip_prefix('/'))
            .unwrap_or_default();
        let path = files.path_of(file);
        let allowed = matches!(head.method.as_str(), "GET" | "HEAD");
        let opened = match (&path, allowed) {
            (Some(path), true) => tokio::fs::File::open(path).await.ok(),
            _ => None,
        };
        let stream = reader.get_mut();
        let Some(mut opened) = opened else {
            let status = if allowed {
                "404 Not Found"
            } else {
                "405 Method Not Allowed"
            };
            stream
                .write_all(format!("HTTP/1.1 {status}\r\nContent-Length: 0\r\n\r\n").as_bytes())
                .await?;
            continue;
        };
        let len = opened.metadata().await?.len();
        let mut out = format!(
            "Content-Type: {}\r\nAccept-Ranges: bytes\r\nCache-Control: max-age=31536000, immutable\r\n",
            mime_of(file)
        );
        // Only the app's own page may read pixels (a poster drawn from a frame).
        if let Some(origin) = head
            .origin
            .filter(|o| allowed_origins.contains(&o.as_str()))
        {
            out.push_str(&format!(
                "Access-Control-Allow-Origin: {origin}\r\nVary: Origin\r\n"
            ));
        }
        let (status, start, count) = match byte_range_within(head.range.as_deref(), len, u64::MAX) {
            RangeAnswer::Whole => ("200 OK", 0, len),
            RangeAnswer::Part { start, end } => {
                out.push_str(&format!("Content-Range: bytes {start}-{end}/{len}\r\n"));
                ("206 Partial Content", start, end - start + 1)
            }
            RangeAnswer::Unsatisfiable => {
                out.push_str(&format!("Content-Range: bytes */{len}\r\n"));
                ("416 Range Not Satisfiable", 0, 0)
            }
        };
        stream
            .write_all(
                format!("HTTP/1.1 {status}\r\n{out}Content-Length: {count}\r\n\r\n").as_bytes(),
            )
            .await?;
        if head.method == "GET" && count > 0 {
            opened.seek(io::SeekFrom::Start(start)).await?;
            // The player closes the connection when it seeks elsewhere: the copy ends there.
            tokio::io::copy(&mut (&mut opened).take(count), stream).await?;
        }
        stream.flush().await?;
    }
    Ok(())
}
