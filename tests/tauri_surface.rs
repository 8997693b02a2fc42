//! What the web view may do is reviewed, not grown by accident: the
//! capabilities grant exactly the permissions listed here (today none: the
//! page reaches only our own commands), and the CSP lets no remote or
//! inline script run. Adding a permission or loosening the CSP means
//! changing this file, in review.

use std::collections::BTreeSet;
use std::path::Path;

/// Every permission the web view holds, after review.
const REVIEWED_PERMISSIONS: &[&str] = &[];
const REVIEWED_CAPABILITY_FILES: &[&str] = &["default.json"];

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn json(path: &Path) -> serde_json::Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn capabilities_grant_only_reviewed_permissions() {
    let mut files = Vec::new();
    let mut granted = BTreeSet::new();
    for entry in std::fs::read_dir(root().join("capabilities")).expect("capabilities folder") {
        let path = entry.expect("entry").path();
        files.push(path.file_name().unwrap().to_string_lossy().into_owned());
        let capability = json(&path);
        assert_eq!(
            capability["windows"],
            serde_json::json!(["main"]),
            "{}",
            path.display()
        );
        assert!(
            capability.get("remote").is_none(),
            "no remote URL may call commands"
        );
        for permission in capability["permissions"].as_array().expect("permissions") {
            let id = permission
                .as_str()
                .or_else(|| permission["identifier"].as_str());
            granted.insert(id.expect("a permission id").to_owned());
        }
    }
    files.sort();
    assert_eq!(
        files, REVIEWED_CAPABILITY_FILES,
        "a new capability file needs review"
    );
    let reviewed: BTreeSet<String> = REVIEWED_PERMISSIONS.iter().map(|p| p.to_string()).collect();
    assert_eq!(
        granted, reviewed,
        "permissions changed: review them and update this test"
    );
}

fn csp() -> Vec<(String, Vec<String>)> {
    let config = json(&root().join("tauri.conf.json"));
    assert_ne!(
        config["app"]["withGlobalTauri"], true,
        "no global __TAURI__ for injected scripts"
    );
    let csp = config["app"]["security"]["csp"]
        .as_str()
        .expect("a CSP string");
    csp.split(';')
        .filter_map(|d| {
            let mut words = d.split_whitespace().map(str::to_owned);
            Some((words.next()?, words.collect()))
        })
        .collect()
}

fn directive(name: &str) -> Vec<String> {
    csp()
        .into_iter()
        .find(|(n, _)| n == name)
        .map(|(_, v)| v)
        .unwrap_or_else(|| panic!("the CSP has no {name}"))
}

#[test]
fn the_csp_forbids_remote_and_inline_scripts_and_remote_content() {
    assert_eq!(directive("default-src"), ["'self'"]);
    assert_eq!(
        directive("script-src"),
        ["'self'"],
        "no inline, eval or remote scripts"
    );
    assert_eq!(directive("object-src"), ["'none'"]);
    // Frames only for the previews of an answer's HTML and SVG, served by
    // the app under their own CSP into a sandbox.
    assert_eq!(
        directive("frame-src"),
        ["comet-preview:", "http://comet-preview.localhost"]
    );
    assert_eq!(directive("base-uri"), ["'none'"]);
    assert_eq!(directive("form-action"), ["'none'"]);
    assert_eq!(directive("connect-src"), ["ipc:", "http://ipc.localhost"]);
    // Clips and songs from the app's loopback media server (WebKitGTK's
    // player cannot read the app's scheme), for media elements only.
    assert_eq!(directive("media-src"), ["http://127.0.0.1:*"]);
    for (name, sources) in csp() {
        for source in sources {
            let loopback_media = name == "media-src" && source == "http://127.0.0.1:*";
            let local = loopback_media
                || source.starts_with('\'')
                || matches!(
                    source.as_str(),
                    "data:" | "blob:" | "ipc:" | "comet-image:" | "comet-preview:"
                )
                || source.ends_with(".localhost");
            assert!(local, "{name} allows {source}: remote content could load");
        }
    }
    // Styles may be inline (Svelte's style: directives); scripts may not.
    assert!(!directive("script-src").iter().any(|s| s.contains("unsafe")));
}
