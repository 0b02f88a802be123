//! A small pool for the stages that split their work into pure jobs: each
//! worker takes the next job when done, and each job's result lands in its
//! own slot, so the results do not depend on the scheduling.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

/// The cores this process may use.
pub(crate) fn cores() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

/// Runs `job(index)` for every index in `0..count` on at most `workers`
/// threads (at least one). Results keep the index order; a job that
/// panicked gives the panic's message instead of its result, and the
/// others still run.
pub(crate) fn in_parallel<T: Send>(
    count: usize,
    workers: usize,
    job: impl Fn(usize) -> T + Sync,
) -> Vec<Result<T, String>> {
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<Option<Result<T, String>>>> =
        Mutex::new((0..count).map(|_| None).collect());
    let work = || loop {
        let index = next.fetch_add(1, Ordering::Relaxed);
        if index >= count {
            break;
        }
        let result = catch_unwind(AssertUnwindSafe(|| job(index))).map_err(panic_message);
        // A job's panic is caught above, so no worker holds the lock while
        // panicking; a poisoned lock still holds every result stored.
        let mut slots = results
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        slots[index] = Some(result);
    };
    let workers = workers.min(count).max(1);
    if workers == 1 {
        work();
    } else {
        std::thread::scope(|scope| {
            for _ in 0..workers {
                scope.spawn(work);
            }
        });
    }
    results
        .into_inner()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
        .into_iter()
        .map(|slot| slot.unwrap_or_else(|| Err("the job did not run".to_owned())))
        .collect()
}

/// The text a panic was raised with.
pub(crate) fn panic_message(payload: Box<dyn std::any::Any + Send>) -> String {
    if let Some(text) = payload.downcast_ref::<&str>() {
        (*text).to_owned()
    } else if let Some(text) = payload.downcast_ref::<String>() {
        text.clone()
    } else {
        "a panic without a message".to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::in_parallel;

    #[test]
    fn results_keep_their_order_whatever_the_worker_count() {
        for workers in [1, 2, 4, 16] {
            let results: Vec<usize> = in_parallel(100, workers, |i| i * 2)
                .into_iter()
                .map(|r| r.expect("finished"))
                .collect();
            assert_eq!(results, (0..100).map(|i| i * 2).collect::<Vec<_>>());
        }
    }

    #[test]
    fn a_panicking_job_gives_its_message_and_the_others_finish() {
        let results = in_parallel(10, 3, |i| {
            if i == 4 {
                panic!("job {i} failed");
            }
            i
        });
        assert_eq!(results[4], Err("job 4 failed".to_owned()));
        assert_eq!(results.iter().filter(|r| r.is_ok()).count(), 9);
    }
}
