//! The one error type of the generator: every failure names the file it is
//! about and, where the spec is at fault, the JSON pointer of the node.

use std::fmt;
use std::path::PathBuf;

/// Why generation, writing or checking stopped.
#[derive(Debug)]
pub enum Error {
    /// Reading or writing a file failed.
    Io {
        /// The file or folder concerned.
        path: PathBuf,
        /// What the operating system said.
        source: std::io::Error,
    },
    /// The spec is not well-formed YAML or JSON, or not an OpenAPI 3.0 document.
    Parse {
        /// The spec file.
        file: PathBuf,
        /// What the parser said, with line and column where known.
        message: String,
    },
    /// The spec uses a construct the generator does not support.
    Unsupported {
        /// The spec file.
        file: PathBuf,
        /// JSON pointer of the node, e.g. `#/paths/~1v5~1mfa-devices~1disable/post`.
        pointer: String,
        /// What is not supported.
        message: String,
    },
    /// The spec is inconsistent (dangling `$ref`, duplicate operation id, ...).
    Invalid {
        /// The spec file.
        file: PathBuf,
        /// JSON pointer of the node at fault.
        pointer: String,
        /// What is wrong.
        message: String,
    },
    /// A command-line value or [`Options`](crate::Options) field cannot be used.
    Argument {
        /// The flag concerned, e.g. `--out`.
        flag: &'static str,
        /// What is wrong with it.
        message: String,
    },
    /// The output folder holds something the generator refuses to touch: a
    /// symbolic link, or a journal it did not write.
    Unsafe {
        /// The path concerned.
        path: PathBuf,
        /// Why it is refused.
        message: String,
    },
    /// The spec generated, but with warnings, and warnings were to be
    /// refused ([`Options::deny_warnings`](crate::Options::deny_warnings)).
    Warnings {
        /// The spec file.
        file: PathBuf,
        /// Every warning, in the order met.
        warnings: Vec<Warning>,
    },
    /// The emitted code did not parse as Rust (a generator bug, never an input issue).
    Emit {
        /// The output file being produced.
        file: String,
        /// What the Rust parser said.
        message: String,
    },
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Io { path, source } => write!(f, "{}: {source}", path.display()),
            Error::Parse { file, message } => write!(f, "{}: {message}", file.display()),
            Error::Unsupported {
                file,
                pointer,
                message,
            } => write!(f, "{}: {pointer}: unsupported: {message}", file.display()),
            Error::Invalid {
                file,
                pointer,
                message,
            } => write!(f, "{}: {pointer}: {message}", file.display()),
            Error::Argument { flag, message } => write!(f, "{flag}: {message}"),
            Error::Unsafe { path, message } => write!(f, "{}: {message}", path.display()),
            Error::Warnings { file, warnings } => {
                write!(
                    f,
                    "{}: {} warning(s) refused (--deny-warnings)",
                    file.display(),
                    warnings.len()
                )?;
                for warning in warnings {
                    write!(f, "\n  {warning}")?;
                }
                Ok(())
            }
            Error::Emit { file, message } => {
                write!(f, "internal error while emitting {file}: {message}")
            }
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Io { source, .. } => Some(source),
            _ => None,
        }
    }
}

/// A construct the generator could only approximate: the client is
/// generated, and the warning says where and how it differs from the spec.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Warning {
    /// JSON pointer of the node concerned.
    pub pointer: String,
    /// What was approximated, and how.
    pub message: String,
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.pointer, self.message)
    }
}

/// Result alias used throughout the generator.
pub type Result<T, E = Error> = std::result::Result<T, E>;
