#![doc = include_str!("../README.md")]
//!
//! ---
//!
//! This root package owns the build step that keeps the committed client in
//! `generated/` equal to fresh generator output, and hosts the end-to-end
//! tests, benchmarks and examples. Applications depend on the
//! `huaweicloud-iam-mfa` crate in `generated/`, not on this one.

pub use huaweicloud_iam_mfa as client;
