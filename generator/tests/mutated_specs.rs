//! Property test: mutated specs (structure and raw text) never make the
//! loader or the lowering panic, and every refusal names the spec file.

use std::path::Path;

use huaweicloud_codegen::{generate_from_str, Error, Options};
use proptest::prelude::*;
use serde_yaml::Value;

fn real_spec() -> Value {
    let text =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec/iam-mfa.yaml"))
            .expect("the real spec");
    serde_yaml::from_str(&text).expect("valid YAML")
}

/// One structural change at a node chosen by `path` (indices into maps and
/// sequences, taken modulo their sizes).
#[derive(Clone, Debug)]
enum Mutation {
    Remove,
    Replace(Value),
    RenameKey(String),
    Duplicate,
}

fn scalar() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| Value::Number(n.into())),
        "[a-zA-Z0-9_#/{}~ .:-]{0,24}".prop_map(Value::String),
        Just(Value::String("#/components/schemas/Nope".into())),
        Just(Value::String("array".into())),
        Just(Value::String("object".into())),
        Just(Value::Sequence(vec![])),
        Just(Value::Mapping(Default::default())),
    ]
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        Just(Mutation::Remove),
        scalar().prop_map(Mutation::Replace),
        prop_oneof![
            Just("$ref".to_owned()),
            Just("oneOf".to_owned()),
            Just("allOf".to_owned()),
            Just("enum".to_owned()),
            Just("items".to_owned()),
            Just("required".to_owned()),
            "[a-z]{1,8}",
        ]
        .prop_map(Mutation::RenameKey),
        Just(Mutation::Duplicate),
    ]
}

/// Applies `mutation` at the node reached by following `path`.
fn apply(value: &mut Value, path: &[usize], mutation: &Mutation) {
    let Some((&step, rest)) = path.split_first() else {
        return;
    };
    match value {
        Value::Mapping(map) if !map.is_empty() => {
            let index = step % map.len();
            let key = map.keys().nth(index).cloned().expect("index in range");
            if rest.is_empty()
                || !matches!(map.get(&key), Some(Value::Mapping(_) | Value::Sequence(_)))
            {
                match mutation {
                    Mutation::Remove => {
                        map.remove(&key);
                    }
                    Mutation::Replace(new) => {
                        map.insert(key, new.clone());
                    }
                    Mutation::RenameKey(name) => {
                        if let Some(old) = map.remove(&key) {
                            map.insert(Value::String(name.clone()), old);
                        }
                    }
                    Mutation::Duplicate => {
                        if let Some(old) = map.get(&key).cloned() {
                            map.insert(
                                Value::String(format!("{}_copy", key.as_str().unwrap_or("k"))),
                                old,
                            );
                        }
                    }
                }
            } else if let Some(child) = map.get_mut(&key) {
                apply(child, rest, mutation);
            }
        }
        Value::Sequence(items) if !items.is_empty() => {
            let index = step % items.len();
            if rest.is_empty() {
                match mutation {
                    Mutation::Remove => {
                        items.remove(index);
                    }
                    Mutation::Replace(new) => items[index] = new.clone(),
                    Mutation::Duplicate | Mutation::RenameKey(_) => {
                        let copy = items[index].clone();
                        items.push(copy);
                    }
                }
            } else {
                apply(&mut items[index], rest, mutation);
            }
        }
        _ => {}
    }
}

fn check(text: &str) -> Result<(), TestCaseError> {
    let options = Options::new("spec/mutated.yaml", "out");
    match generate_from_str(text, &options) {
        Ok(files) => prop_assert!(!files.is_empty()),
        Err(Error::Io { .. }) => prop_assert!(false, "no I/O happens for text input"),
        Err(error) => {
            let message = error.to_string();
            prop_assert!(
                message.contains("spec/mutated.yaml"),
                "the error names the file: {}",
                message
            );
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn structural_mutations_never_panic(
        mutations in proptest::collection::vec((proptest::collection::vec(any::<usize>(), 1..8), mutation()), 1..4)
    ) {
        let mut spec = real_spec();
        for (path, mutation) in &mutations {
            apply(&mut spec, path, mutation);
        }
        let text = serde_yaml::to_string(&spec).expect("serializable");
        check(&text)?;
    }

    #[test]
    fn text_mutations_never_panic(cut in any::<usize>(), insert in "[\\PC]{0,6}", at in any::<usize>()) {
        let text = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec/iam-mfa.yaml")).unwrap();
        let mut chars: Vec<char> = text.chars().collect();
        let at = at % (chars.len() + 1);
        chars.splice(at..at, insert.chars());
        let cut = cut % (chars.len() + 1);
        let mutated: String = chars[..cut].iter().collect();
        check(&mutated)?;
    }
}
