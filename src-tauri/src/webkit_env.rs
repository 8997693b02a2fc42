//! WebKitGTK's settings that only its environment variables reach, set on
//! Linux before GTK starts. A variable the user set is never replaced.
//!
//! Drawing: the window is drawn in shared memory, without OpenGL. WebKitGTK's
//! DMA-BUF renderer shows a blank window with some drivers (NVIDIA's,
//! several VMs) and, measured here, costs the web process about 75 MB more;
//! a chat window gains nothing from it. With it off, the app's own process
//! draws nothing with OpenGL, yet two things there still open Mesa (and,
//! under software rendering, its 20 MB llvmpipe with it), costing ~20 MB
//! and ~40 ms of start-up (`make bench`, side by side):
//! - GTK probes GLX for its visuals when it opens the display
//!   (`GDK_GL=disable` skips the probe);
//! - WebKit opens an EGL display only to name the GPU device it passes to
//!   the web process (`WEBKIT_WEB_RENDER_DEVICE_FILE` names it instead).
//!
//! A user who wants WebKit's own choices sets `COMET_DESK_GPU=1` or
//! `WEBKIT_DISABLE_DMABUF_RENDERER=0`.
//!
//! Scripts: JavaScriptCore's optimising compilers (DFG, and FTL above it)
//! stay off. Our pages are DOM work in short bursts, which the interpreter
//! and the baseline JIT run; the optimisers' own code and data cost the web
//! process ~10 MB while the gallery scrolls through 10,000 thumbnails
//! (255 → 244 MB in all), and the streaming figures hold without them
//! (`make bench`). `JSC_useDFGJIT=1` turns them back on.

use std::ffi::OsString;
use std::path::{Path, PathBuf};

/// Used when the machine has no GPU device at all: the web process finds
/// no GPU behind it and renders in software, as it would have.
const NO_DEVICE: &str = "/dev/null";

/// The variables to set, given how the environment reads now and the GPU
/// render nodes present (`/dev/dri/renderD*`, sorted).
pub fn defaults(
    read: impl Fn(&str) -> Option<OsString>,
    render_nodes: &[PathBuf],
) -> Vec<(&'static str, OsString)> {
    let mut set = Vec::new();
    if read("JSC_useDFGJIT").is_none() {
        set.push(("JSC_useDFGJIT", OsString::from("0")));
    }
    let dmabuf = read("WEBKIT_DISABLE_DMABUF_RENDERER");
    if dmabuf.is_none() {
        set.push(("WEBKIT_DISABLE_DMABUF_RENDERER", OsString::from("1")));
    }
    let dmabuf_off = dmabuf.is_none_or(|v| v != "0");
    let gpu = read("COMET_DESK_GPU").is_some_and(|v| v == "1");
    if dmabuf_off && !gpu {
        if read("GDK_GL").is_none() {
            set.push(("GDK_GL", OsString::from("disable")));
        }
        if read("WEBKIT_WEB_RENDER_DEVICE_FILE").is_none() {
            // The first render node is the one WebKit's EGL query names on
            // a usual one-GPU machine.
            let device = render_nodes.first().map_or(Path::new(NO_DEVICE), |p| p);
            set.push((
                "WEBKIT_WEB_RENDER_DEVICE_FILE",
                device.as_os_str().to_owned(),
            ));
        }
    }
    set
}

/// The GPU render nodes of this machine, sorted (`renderD128` first).
fn render_nodes() -> Vec<PathBuf> {
    let mut nodes: Vec<PathBuf> = std::fs::read_dir("/dev/dri")
        .into_iter()
        .flatten()
        .flatten()
        .map(|entry| entry.path())
        .filter(|path| {
            path.file_name()
                .and_then(|name| name.to_str())
                .is_some_and(|name| name.starts_with("renderD"))
        })
        .collect();
    nodes.sort();
    nodes
}

/// Sets the defaults. Called first thing in `main`, before any thread
/// starts, so nothing reads the environment while it changes.
pub fn apply() {
    for (name, value) in defaults(|name| std::env::var_os(name), &render_nodes()) {
        std::env::set_var(name, value);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn with(vars: &[(&str, &str)], nodes: &[&str]) -> HashMap<&'static str, String> {
        let env: HashMap<String, OsString> = vars
            .iter()
            .map(|(k, v)| (k.to_string(), OsString::from(v)))
            .collect();
        let nodes: Vec<PathBuf> = nodes.iter().map(PathBuf::from).collect();
        defaults(|name| env.get(name).cloned(), &nodes)
            .into_iter()
            .map(|(k, v)| (k, v.to_string_lossy().into_owned()))
            .collect()
    }

    #[test]
    fn a_plain_start_keeps_mesa_out_of_the_app_process() {
        let set = with(&[], &[]);
        assert_eq!(set["WEBKIT_DISABLE_DMABUF_RENDERER"], "1");
        assert_eq!(set["GDK_GL"], "disable");
        assert_eq!(set["WEBKIT_WEB_RENDER_DEVICE_FILE"], "/dev/null");
        assert_eq!(set["JSC_useDFGJIT"], "0");
    }

    #[test]
    fn the_first_render_node_is_named_when_there_is_a_gpu() {
        let set = with(&[], &["/dev/dri/renderD128", "/dev/dri/renderD129"]);
        assert_eq!(set["WEBKIT_WEB_RENDER_DEVICE_FILE"], "/dev/dri/renderD128");
    }

    #[test]
    fn asking_for_the_gpu_leaves_webkit_its_choices() {
        let set = with(&[("COMET_DESK_GPU", "1")], &["/dev/dri/renderD128"]);
        assert_eq!(set.len(), 2, "{set:?}");
        assert_eq!(set["WEBKIT_DISABLE_DMABUF_RENDERER"], "1");
        let set = with(&[("WEBKIT_DISABLE_DMABUF_RENDERER", "0")], &[]);
        assert_eq!(
            set.keys().collect::<Vec<_>>(),
            [&"JSC_useDFGJIT"],
            "{set:?}"
        );
    }

    #[test]
    fn what_the_user_set_is_kept() {
        let set = with(
            &[
                ("WEBKIT_DISABLE_DMABUF_RENDERER", "1"),
                ("GDK_GL", "gles"),
                ("WEBKIT_WEB_RENDER_DEVICE_FILE", "/dev/dri/card1"),
                ("JSC_useDFGJIT", "1"),
            ],
            &["/dev/dri/renderD128"],
        );
        assert!(set.is_empty(), "{set:?}");
    }
}
