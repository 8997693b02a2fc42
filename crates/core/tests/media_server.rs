//! The loopback media server the window plays clips and songs from: whole
//! files, ranges streamed from disk (past the file scheme's 4 MB parts),
//! 416 past the end, and nothing without the start's token, outside the
//! store's names, or for another origin's pixels.

mod support;

use comet_core::media_server::bind;
use support::*;

const ORIGINS: &[&str] = &["tauri://localhost"];

#[tokio::test]
async fn ranges_stream_from_disk_and_nothing_else_is_served() {
    let h = harness().await;
    let name = format!("{}.mp4", "e".repeat(64));
    let bytes: Vec<u8> = (0..9_000_000u32).map(|i| (i % 251) as u8).collect();
    let path = h.attachments.path_of(&name).unwrap();
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, &bytes).unwrap();
    let (base, serve) = bind(h.attachments.clone(), ORIGINS).unwrap();
    tokio::spawn(serve);
    assert!(base.starts_with("http://127.0.0.1:"));
    let client = reqwest::Client::new();
    let url = format!("{base}/{name}");

    let whole = client.get(&url).send().await.unwrap();
    assert_eq!(whole.status(), 200);
    assert_eq!(whole.headers()["content-type"], "video/mp4");
    assert_eq!(whole.headers()["accept-ranges"], "bytes");
    assert_eq!(whole.bytes().await.unwrap().len(), bytes.len());

    // An open range goes to the end, not to a 4 MB part.
    let open = client
        .get(&url)
        .header("Range", "bytes=1000-")
        .send()
        .await
        .unwrap();
    assert_eq!(open.status(), 206);
    assert_eq!(
        open.headers()["content-range"],
        format!("bytes 1000-8999999/{}", bytes.len())
    );
    assert_eq!(&open.bytes().await.unwrap()[..], &bytes[1000..]);
    let part = client
        .get(&url)
        .header("Range", "bytes=5000000-5000009")
        .send()
        .await
        .unwrap();
    assert_eq!(
        &part.bytes().await.unwrap()[..],
        &bytes[5_000_000..5_000_010]
    );
    let past = client
        .get(&url)
        .header("Range", "bytes=9000000-")
        .send()
        .await
        .unwrap();
    assert_eq!(past.status(), 416);
    let head = client.head(&url).send().await.unwrap();
    assert_eq!(head.headers()["content-length"], bytes.len().to_string());

    // Pixels for the app's own page only.
    let mine = client
        .get(&url)
        .header("Origin", "tauri://localhost")
        .header("Range", "bytes=0-0")
        .send()
        .await
        .unwrap();
    assert_eq!(
        mine.headers()["access-control-allow-origin"],
        "tauri://localhost"
    );
    let other = client
        .get(&url)
        .header("Origin", "null")
        .header("Range", "bytes=0-0")
        .send()
        .await
        .unwrap();
    assert!(other.headers().get("access-control-allow-origin").is_none());

    // Without the token, outside the store's names, or not a read: nothing.
    let root = base.rsplit_once('/').unwrap().0;
    for bad in [
        format!("{root}/{name}"),
        format!("{root}/{}/{name}", "0".repeat(32)),
        format!("{base}/../{name}"),
        format!("{base}/settings.json"),
        format!("{base}/%2e%2e%2fcomet.db"),
        format!("{base}/{}.mp4", "f".repeat(64)),
    ] {
        assert_eq!(
            client.get(&bad).send().await.unwrap().status(),
            404,
            "{bad}"
        );
    }
    assert_eq!(client.post(&url).send().await.unwrap().status(), 405);
}
