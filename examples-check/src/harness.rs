//! Runs one example program: on its own thread (so a runtime's `main` cannot interfere with the
//! test runner's), one at a time (examples are written as standalone programs: they may use the
//! same temporary file names, environment or standard streams), with a time limit (so a hanging
//! example fails instead of hanging CI), and with a failure message that names the YAML file,
//! line and entry.

use std::sync::{Mutex, mpsc};
use std::time::Duration;

/// Long enough for any example on a loaded 2-core CI machine; examples run in milliseconds.
pub const TIME_LIMIT: Duration = Duration::from_secs(60);

/// What an example's `main` may return.
pub trait Outcome {
    fn into_result(self) -> Result<(), String>;
}

impl Outcome for () {
    fn into_result(self) -> Result<(), String> {
        Ok(())
    }
}

impl<E: std::fmt::Debug> Outcome for Result<(), E> {
    fn into_result(self) -> Result<(), String> {
        self.map_err(|e| format!("main returned Err({e:?})"))
    }
}

/// Runs `main`; panics with `location` (`api-maps/x.yaml:12: async_std::… (tokio)`) if the
/// example panics, returns an error, or runs past [`TIME_LIMIT`].
pub fn run<T: Outcome + 'static>(location: &str, main: fn() -> T) {
    static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());
    // A failed example poisons the lock; the next one may still run.
    let _turn = ONE_AT_A_TIME.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    let (done, result) = mpsc::channel();
    std::thread::Builder::new()
        .name(location.to_string())
        .spawn(move || {
            let outcome = std::panic::catch_unwind(|| main().into_result());
            let _ = done.send(outcome);
        })
        .expect("spawn the example's thread");
    match result.recv_timeout(TIME_LIMIT) {
        Ok(Ok(Ok(()))) => {}
        Ok(Ok(Err(message))) => panic!("example failed: {location}: {message}"),
        Ok(Err(panic)) => {
            let message = panic
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_default();
            panic!("example panicked: {location}: {message}")
        }
        Err(_) => panic!("example did not finish within {TIME_LIMIT:?}: {location}"),
    }
}

/// Runs an async-body example on async-std's global executor.
pub fn block_on_async_std<F: std::future::Future>(body: F) -> F::Output {
    async_std::task::block_on(body)
}

/// Runs an async-body example on a multi-thread Tokio runtime with every driver enabled, as
/// `#[tokio::main]` builds it.
pub fn block_on_tokio<F: std::future::Future>(body: F) -> F::Output {
    tokio::runtime::Builder::new_multi_thread().enable_all().build().expect("build a Tokio runtime").block_on(body)
}

/// Runs an async-body example with `smol::block_on` (smol's global executor runs spawned tasks).
pub fn block_on_smol<F: std::future::Future>(body: F) -> F::Output {
    smol::block_on(body)
}
