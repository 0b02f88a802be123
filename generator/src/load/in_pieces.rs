//! Reading a large YAML spec on several cores. Nearly all of a big spec is
//! two mappings, `paths` and `components.schemas`, so the text is cut at the
//! entries of those (lines as indented as their first key), each run of
//! entries is read on its own, the rest of the document (with `paths: {}`
//! and `schemas: {}`) as the `OpenAPI` object, all at once, and the entries
//! are joined back in order.
//!
//! This gives the document the one-piece reader gives, or nothing: a cut
//! that is not between two entries leaves a piece with an unfinished scalar
//! or collection, which does not parse; an alias whose anchor is in another
//! piece does not resolve; a key found in two pieces is refused. In every
//! such case the caller reads the whole text in one piece, which also gives
//! the error, if there is one, its true location.

use indexmap::IndexMap;
use openapiv3::{OpenAPI, Paths, ReferenceOr, Schema};

use crate::parallel::{cores, in_parallel};

/// Below this size a spec is read in one piece: threads would cost more
/// than they save.
const MIN_BYTES: usize = 256 * 1024;

/// Pieces per core, so that a slow piece does not leave a core idle.
const PIECES_PER_CORE: usize = 2;

/// The document, read in pieces on several cores, or `None` when the text is
/// small, has neither block to cut, or any piece fails.
pub(super) fn read(text: &str) -> Option<OpenAPI> {
    if text.len() < MIN_BYTES {
        return None;
    }
    let cores = cores();
    if cores < 2 {
        return None;
    }
    read_pieces(&cut(text, cores * PIECES_PER_CORE)?)
}

/// Which mapping a piece holds entries of.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Mapping {
    Paths,
    Schemas,
}

/// What one job read.
enum Part {
    Document(Box<OpenAPI>),
    Paths(Paths),
    Schemas(IndexMap<String, ReferenceOr<Schema>>),
}

/// Reads the rest and the pieces at once and joins them.
fn read_pieces(cut: &Cut<'_>) -> Option<OpenAPI> {
    let (parts, _) = in_parallel(
        cut.pieces.len() + 1,
        || (),
        |(), index| {
            super::no_panic::read(|| match index.checked_sub(1) {
                None => super::read_yaml(&cut.rest)
                    .ok()
                    .map(|document| Part::Document(Box::new(document))),
                Some(piece) => match cut.pieces[piece] {
                    (Mapping::Paths, text) => super::read_yaml(text).ok().map(Part::Paths),
                    (Mapping::Schemas, text) => super::read_yaml(text).ok().map(Part::Schemas),
                },
            })
            .flatten()
        },
        |()| (),
    );
    let mut parts = parts
        .into_iter()
        .map(Option::flatten)
        .collect::<Option<Vec<Part>>>()?
        .into_iter();
    let Some(Part::Document(mut document)) = parts.next() else {
        return None;
    };
    let pieces: Vec<Part> = parts.collect();
    let paths = &mut document.paths;
    // The rest has `schemas: {}` exactly when that block was cut.
    let mut no_schemas = IndexMap::new();
    let schemas = match (&mut document.components, cut.has_schemas_block) {
        (Some(components), true) => &mut components.schemas,
        (None, false) => &mut no_schemas,
        _ => return None,
    };
    if !paths.paths.is_empty() || !paths.extensions.is_empty() || !schemas.is_empty() {
        return None;
    }
    let (mut path_count, mut schema_count) = (0, 0);
    for piece in &pieces {
        match piece {
            Part::Paths(piece) => path_count += piece.paths.len(),
            Part::Schemas(piece) => schema_count += piece.len(),
            Part::Document(_) => return None,
        }
    }
    paths.paths.reserve_exact(path_count);
    schemas.reserve_exact(schema_count);
    for piece in pieces {
        let fresh = match piece {
            Part::Paths(piece) => {
                join(&mut paths.paths, piece.paths) && join(&mut paths.extensions, piece.extensions)
            }
            Part::Schemas(piece) => join(schemas, piece),
            Part::Document(_) => false,
        };
        if !fresh {
            return None;
        }
    }
    if !no_schemas.is_empty() {
        return None;
    }
    Some(*document)
}

/// Appends `piece` to `into`; false if a key was already there.
fn join<V>(into: &mut IndexMap<String, V>, piece: IndexMap<String, V>) -> bool {
    piece
        .into_iter()
        .all(|(key, value)| into.insert(key, value).is_none())
}

/// The text cut for reading in pieces.
#[derive(Debug, PartialEq)]
struct Cut<'a> {
    /// The document with each cut block replaced by an empty mapping.
    rest: String,
    /// Runs of whole entries of the cut blocks, in order.
    pieces: Vec<(Mapping, &'a str)>,
    /// Whether `components.schemas` was cut.
    has_schemas_block: bool,
}

/// A block mapping found in the text: the line that opens it, where its
/// entries end, and where each entry starts.
struct Block {
    mapping: Mapping,
    /// Start of the key line and its indentation.
    line: usize,
    indent: usize,
    end: usize,
    entries: Vec<usize>,
}

/// Cuts `text` into the rest and up to `wanted` runs of entries of about
/// equal size; `None` unless a top-level `paths:` or a `schemas:` directly
/// under a top-level `components:` opens a block of entries, each key line
/// written once.
fn cut(text: &str, wanted: usize) -> Option<Cut<'_>> {
    let mut blocks = Vec::new();
    let mut section = "";
    let mut components_indent = None;
    let mut found = (false, false);
    let mut lines = Lines { text, at: 0 };
    while let Some((start, line)) = lines.next() {
        let content = line.trim_start_matches(' ');
        if content.trim().is_empty() || content.starts_with('#') {
            continue;
        }
        let depth = line.len() - content.len();
        if depth == 0 {
            section = content;
            if let Some(after) = content.strip_prefix("paths:") {
                if is_block_opener(after) {
                    if found.0 {
                        return None;
                    }
                    found.0 = true;
                    let paths = block(text, Mapping::Paths, start, 0, lines.at)?;
                    // Its lines are read; go on after them.
                    lines.at = paths.end;
                    blocks.push(paths);
                }
            }
            continue;
        }
        if !(section.starts_with("components:") && is_block_opener(&section["components:".len()..]))
        {
            continue;
        }
        let indent = *components_indent.get_or_insert(depth);
        if depth == indent {
            if let Some(after) = content.strip_prefix("schemas:") {
                if is_block_opener(after) {
                    if found.1 {
                        return None;
                    }
                    found.1 = true;
                    let schemas = block(text, Mapping::Schemas, start, depth, lines.at)?;
                    lines.at = schemas.end;
                    blocks.push(schemas);
                }
            }
        }
    }
    let entries: usize = blocks.iter().map(|block| block.entries.len()).sum();
    if entries < 2 {
        return None;
    }
    let total: usize = blocks
        .iter()
        .map(|block| block.end - block.entries.first().copied().unwrap_or(block.end))
        .sum();
    let size = total / wanted.max(1) + 1;
    let mut pieces = Vec::new();
    let mut rest = String::with_capacity(text.len() / 8);
    let mut copied = 0;
    for block in &blocks {
        let Some((&first, others)) = block.entries.split_first() else {
            continue;
        };
        let mut piece_start = first;
        for &entry in others {
            if entry - piece_start >= size {
                pieces.push((block.mapping, &text[piece_start..entry]));
                piece_start = entry;
            }
        }
        pieces.push((block.mapping, &text[piece_start..block.end]));
        rest.push_str(&text[copied..block.line]);
        rest.push_str(&" ".repeat(block.indent));
        rest.push_str(match block.mapping {
            Mapping::Paths => "paths: {}\n",
            Mapping::Schemas => "schemas: {}\n",
        });
        copied = block.end;
    }
    rest.push_str(&text[copied..]);
    Some(Cut {
        rest,
        pieces,
        has_schemas_block: found.1,
    })
}

/// Whether what follows `key:` on its line leaves the value to the lines below.
fn is_block_opener(after: &str) -> bool {
    let after = after.trim();
    after.is_empty() || after.starts_with('#')
}

/// The block under the key line at `line` (indented `indent`), whose first
/// line below starts at `body`: every line up to the next one indented no
/// deeper than the key; its entries are the lines as indented as the first.
fn block(text: &str, mapping: Mapping, line: usize, indent: usize, body: usize) -> Option<Block> {
    let mut entry_indent = None;
    let mut entries = Vec::new();
    let mut end = text.len();
    for (start, line) in (Lines { text, at: body }) {
        let content = line.trim_start_matches(' ');
        if content.trim().is_empty() || content.starts_with('#') {
            continue;
        }
        let depth = line.len() - content.len();
        if depth <= indent {
            end = start;
            break;
        }
        if content.starts_with('\t') {
            return None;
        }
        let entry_indent = *entry_indent.get_or_insert(depth);
        if depth < entry_indent {
            return None;
        }
        if depth == entry_indent {
            if content.starts_with('-') || content.starts_with('?') {
                return None;
            }
            entries.push(start);
        }
    }
    Some(Block {
        mapping,
        line,
        indent,
        end,
        entries,
    })
}

/// Lines with the offset each starts at; `at` is where the next one starts.
struct Lines<'a> {
    text: &'a str,
    at: usize,
}

impl<'a> Iterator for Lines<'a> {
    type Item = (usize, &'a str);

    fn next(&mut self) -> Option<(usize, &'a str)> {
        let start = self.at;
        let rest = self.text.get(start..).filter(|rest| !rest.is_empty())?;
        let (line, advance) = match rest.find('\n') {
            Some(end) => (&rest[..end], end + 1),
            None => (rest, rest.len()),
        };
        self.at = start + advance;
        Some((start, line.strip_suffix('\r').unwrap_or(line)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SPEC: &str = "openapi: 3.0.3
info:
  title: t
  version: '1'
paths:
  # first
  /a:
    get:
      responses:
        '200':
          description: |
            a block
            scalar
  /b:
    x-note: b
    get:
      responses:
        '200': {description: flow}
  x-paths-note: kept
  /c:
    get:
      responses:
        '200':
          description: c
components:
  responses:
    Empty:
      description: empty
  schemas:
    A:
      type: string
    B:
      type: object
      properties:
        a: {$ref: '#/components/schemas/A'}
  parameters: {}
";

    #[test]
    fn the_text_is_cut_between_entries() {
        let cut = cut(SPEC, 100).expect("cut");
        assert_eq!(
            cut.rest,
            "openapi: 3.0.3\ninfo:\n  title: t\n  version: '1'\npaths: {}\ncomponents:\n  responses:\n    Empty:\n      description: empty\n  schemas: {}\n  parameters: {}\n"
        );
        let pieces = cut.pieces.clone();
        let starts: Vec<(Mapping, &str)> = pieces
            .iter()
            .map(|(mapping, text)| (*mapping, text.lines().next().unwrap_or_default()))
            .collect();
        assert_eq!(
            starts,
            [
                (Mapping::Paths, "  /a:"),
                (Mapping::Paths, "  /b:"),
                (Mapping::Paths, "  x-paths-note: kept"),
                (Mapping::Paths, "  /c:"),
                (Mapping::Schemas, "    A:"),
                (Mapping::Schemas, "    B:"),
            ]
        );
        assert!(pieces[3].1.ends_with("c\n"));
        assert!(pieces[5].1.ends_with("'#/components/schemas/A'}\n"));
    }

    #[test]
    fn pieces_read_back_into_the_same_document() {
        let whole: OpenAPI = serde_yaml::from_str(SPEC).expect("whole");
        let pieces = read_pieces(&cut(SPEC, 100).expect("cut")).expect("read in pieces");
        assert_eq!(pieces, whole);
        assert_eq!(pieces.paths.paths.len(), 3);
        assert_eq!(pieces.paths.extensions.len(), 1);
        let padded = format!("{SPEC}{}", format!("\n# {}\n", "x".repeat(80)).repeat(4000));
        assert_eq!(read(&padded).expect("large enough to cut"), whole);
        // Without components, and with only schemas to cut.
        let no_components = &SPEC[..SPEC.find("components:").expect("components")];
        let whole: OpenAPI = serde_yaml::from_str(no_components).expect("whole");
        assert_eq!(
            read_pieces(&cut(no_components, 100).expect("cut")),
            Some(whole)
        );
        let only_schemas = SPEC.replace("paths:\n  # first\n", "paths: {}\nx-old-paths:\n");
        let whole: OpenAPI = serde_yaml::from_str(&only_schemas).expect("whole");
        let cut_schemas = cut(&only_schemas, 100).expect("cut");
        assert!(cut_schemas
            .pieces
            .iter()
            .all(|(mapping, _)| *mapping == Mapping::Schemas));
        assert_eq!(read_pieces(&cut_schemas), Some(whole));
    }

    #[test]
    fn texts_that_are_not_cut_cleanly_are_left_to_the_one_piece_reader() {
        // Flow-style paths, a sequence, neither block, two paths lines.
        for text in [
            "openapi: 3.0.3\npaths: {}\n",
            "paths:\n  - a\n  - b\n",
            "openapi: 3.0.3\ninfo: {}\n",
            "paths:\n  /a: {}\n  /b: {}\npaths:\n  /c: {}\n",
            "components:\n  schemas:\n    A: {}\n    B: {}\n  schemas:\n    C: {}\n",
        ] {
            assert_eq!(cut(text, 100), None, "{text}");
        }
        // A quoted scalar whose continuation line looks like an entry.
        let quoted = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    summary: \"one\n  /b: two\"\n  /c: {}\n";
        let whole: OpenAPI = serde_yaml::from_str(quoted).expect("whole");
        assert_eq!(whole.paths.paths.len(), 2);
        let quoted = cut(quoted, 100).expect("cut");
        assert_eq!(quoted.pieces.len(), 3);
        assert_eq!(read_pieces(&quoted), None);
        // An alias whose anchor is in another piece.
        let alias =
            "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a: &item {}\n  /b: *item\n";
        assert_eq!(read_pieces(&cut(alias, 100).expect("cut")), None);
        // The same key in two pieces.
        let twice = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a: {}\n  /a: {}\n";
        assert_eq!(read_pieces(&cut(twice, 100).expect("cut")), None);
        let twice = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    A: {}\n    A: {}\n";
        assert_eq!(read_pieces(&cut(twice, 100).expect("cut")), None);
    }
}
