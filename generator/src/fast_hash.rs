//! The hash tables of the generator's own lookups (names handed out,
//! component and type names, tree nodes), keyed by text from the spec.
//!
//! The hasher is `foldhash`'s, seeded at random per process: a spec from a
//! third party cannot choose names that all land in one bucket and make
//! lookups quadratic, as it can against an unkeyed hash (with the
//! multiply-rotate hash used before, short names sharing their first four
//! bytes all started their probe at the same bucket). Nothing the
//! generator writes depends on the order of these tables: they are only
//! looked up, never iterated into output.

use std::collections::{HashMap, HashSet};

/// A `HashMap` with a per-process random seed.
pub(crate) type FastMap<K, V> = HashMap<K, V, BuildFast>;

/// A `HashSet` with a per-process random seed.
pub(crate) type FastSet<T> = HashSet<T, BuildFast>;

/// Builds the seeded hashers.
pub(crate) type BuildFast = foldhash::fast::RandomState;

#[cfg(test)]
mod tests {
    use std::hash::BuildHasher;

    use super::{BuildFast, FastMap};

    /// Names that differ only past their fourth byte spread over the
    /// table's buckets (the low bits of their hashes differ).
    #[test]
    fn short_names_with_a_common_prefix_spread_over_buckets() {
        let build = BuildFast::default();
        let low_bits: std::collections::BTreeSet<u64> = (0..256)
            .map(|i| build.hash_one(format!("name{i:03}")) & 0xFFF)
            .collect();
        assert!(
            low_bits.len() > 200,
            "{} distinct buckets of 4096",
            low_bits.len()
        );
        let mut map = FastMap::default();
        map.insert("a", 1);
        assert_eq!(map.get("a"), Some(&1));
    }
}
