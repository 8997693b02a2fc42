//! A release feed in the Tauri updater's `latest.json` shape, so tests can
//! see the app offer an update without reaching GitHub. The signature is
//! not valid: installing from it must fail, checking must not.

use axum::Json;
use serde_json::{json, Value};

pub(crate) async fn latest() -> Json<Value> {
    let platform = json!({
        "signature": "not-a-real-signature",
        "url": "http://127.0.0.1:9/comet-desk_99.0.0_amd64.deb"
    });
    Json(json!({
        "version": "99.0.0",
        "notes": "A newer Comet Desk from fake-comet.",
        "pub_date": "2026-11-01T00:00:00Z",
        "platforms": {
            "linux-x86_64": platform,
            "linux-x86_64-deb": platform,
            "windows-x86_64": platform,
            "darwin-aarch64": platform,
            "darwin-x86_64": platform
        }
    }))
}
