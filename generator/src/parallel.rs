//! A small pool for the stages that split their work: one worker per core,
//! each taking the next job when done.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, OnceLock};

/// The cores this process may use, asked of the system once (the answer
/// reads the cgroup's CPU quota from files).
pub(crate) fn cores() -> usize {
    static CORES: OnceLock<usize> = OnceLock::new();
    *CORES.get_or_init(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
}

/// Runs `job(state, index)` for every index in `0..count` on at most one
/// thread per core. Each worker has its own `state`, made on its thread by
/// `start` (so it need not be `Send`), and hands back what `finish` makes of
/// it. Results keep the index order; a job whose worker died is `None`.
pub(crate) fn in_parallel<S, T: Send, M: Send>(
    count: usize,
    start: impl Fn() -> S + Sync,
    job: impl Fn(&mut S, usize) -> T + Sync,
    finish: impl Fn(S) -> M + Sync,
) -> (Vec<Option<T>>, Vec<M>) {
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<Option<T>>> = Mutex::new((0..count).map(|_| None).collect());
    let workers = cores().min(count).max(1);
    let work = || {
        let mut state = start();
        loop {
            let index = next.fetch_add(1, Ordering::Relaxed);
            if index >= count {
                break;
            }
            let result = job(&mut state, index);
            if let Ok(mut slots) = results.lock() {
                slots[index] = Some(result);
            }
        }
        finish(state)
    };
    let states = if workers == 1 {
        vec![work()]
    } else {
        std::thread::scope(|scope| {
            let handles: Vec<_> = (0..workers).map(|_| scope.spawn(work)).collect();
            handles
                .into_iter()
                .filter_map(|handle| handle.join().ok())
                .collect()
        })
    };
    let results = results.into_inner().unwrap_or_default();
    (results, states)
}

#[cfg(test)]
mod tests {
    use super::in_parallel;

    #[test]
    fn results_keep_their_order_and_every_worker_reports() {
        let (results, states) = in_parallel(
            100,
            || 0usize,
            |done, i| {
                *done += 1;
                i * 2
            },
            |done| done,
        );
        let results: Vec<usize> = results.into_iter().map(|r| r.expect("finished")).collect();
        assert_eq!(results, (0..100).map(|i| i * 2).collect::<Vec<_>>());
        assert_eq!(states.iter().sum::<usize>(), 100);
    }
}
