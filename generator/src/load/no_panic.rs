//! `openapiv3`'s reader panics on some documents (a key written twice inside
//! an object that may also be a `$ref`: its untagged reader fails, and the
//! second reading, through a JSON value that keeps only the last of the two,
//! succeeds where it "knows" it must fail). The loader must refuse such a
//! document with an error, so every typed read runs here: a panic inside it
//! becomes `None`, and its message is not printed (the process's panic hook
//! is wrapped once, to stay quiet on a thread inside such a read). This
//! needs unwinding panics, the default; built with `panic = "abort"`, such a
//! document still aborts the process.

use std::cell::Cell;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::Once;

thread_local! {
    /// Whether a panic on this thread is expected and caught (not printed).
    static CAUGHT: Cell<bool> = const { Cell::new(false) };
}

/// Runs `read`; `None` if it panicked.
pub(super) fn read<T>(read: impl FnOnce() -> T) -> Option<T> {
    static QUIET_HOOK: Once = Once::new();
    QUIET_HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !CAUGHT.with(Cell::get) {
                previous(info);
            }
        }));
    });
    let outer = CAUGHT.with(|caught| caught.replace(true));
    let result = catch_unwind(AssertUnwindSafe(read));
    CAUGHT.with(|caught| caught.set(outer));
    result.ok()
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_panic_becomes_none_and_a_value_passes_through() {
        assert_eq!(super::read(|| 7), Some(7));
        assert_eq!(super::read(|| -> u8 { panic!("inside the reader") }), None);
    }
}
