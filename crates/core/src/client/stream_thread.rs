//! The thread every answer stream is read on.
//!
//! hyper hands a response body over one frame at a time and waits for the
//! reader to take each frame before reading the next; an SSE stream is a
//! frame per token. On a multi-threaded runtime (Tauri's) the connection
//! task and the reader wake each other across threads for every token,
//! which cost a quarter of the throughput against curl (`make bench`). Here
//! the connection, the SSE decoding and the JSON parsing share one thread,
//! and only parsed events cross over, through a buffered channel that the
//! app drains in batches.

use std::sync::Arc;
use tokio::runtime::{Builder, Handle};
use tokio::sync::oneshot;

pub(crate) struct StreamThread {
    handle: Handle,
    /// Dropped with the last owner (the client or a stream still running
    /// on it): the thread's runtime then stops.
    _stop: oneshot::Sender<()>,
}

impl StreamThread {
    pub(crate) fn start() -> std::io::Result<Arc<Self>> {
        let runtime = Builder::new_current_thread().enable_all().build()?;
        let handle = runtime.handle().clone();
        let (stop, stopped) = oneshot::channel::<()>();
        std::thread::Builder::new()
            .name("comet-streams".into())
            .spawn(move || {
                runtime.block_on(async {
                    let _ = stopped.await;
                });
            })?;
        Ok(Arc::new(Self {
            handle,
            _stop: stop,
        }))
    }

    /// Runs `work` on the stream thread; `self` stays alive until it ends,
    /// so swapping the client (new settings) never cuts a running answer.
    pub(crate) fn spawn<F>(self: &Arc<Self>, work: F)
    where
        F: std::future::Future<Output = ()> + Send + 'static,
    {
        let keep = Arc::clone(self);
        self.handle.spawn(async move {
            work.await;
            drop(keep);
        });
    }
}
