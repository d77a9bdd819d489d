//! Fields named after the book's targets (one per `targets` key of book.toml) in maps and
//! ecosystem entries. serde's derive knows field names when the crate is compiled; these come
//! from book.toml, and serde gives a `Deserialize` impl nested in `Vec<Entry>` no way to
//! receive them. So loading sets them for the duration of a parse, on the parsing thread.

use serde::de::Error;
use std::cell::RefCell;
use std::collections::BTreeMap;
use std::sync::Mutex;

thread_local! {
    static KEYS: RefCell<Vec<String>> = const { RefCell::new(Vec::new()) };
}

/// Runs `parse` with `keys` as the target field names (restoring the previous ones after).
pub fn with_keys<R>(keys: &[String], parse: impl FnOnce() -> R) -> R {
    let previous = KEYS.replace(keys.to_vec());
    let result = parse();
    KEYS.set(previous);
    result
}

/// The position of `key` among the target keys of the parse under way.
pub(crate) fn index_of(key: &str) -> Option<usize> {
    KEYS.with_borrow(|keys| keys.iter().position(|k| k == key))
}

/// The target keys of the parse under way.
pub(crate) fn keys() -> Vec<String> {
    KEYS.with_borrow(Clone::clone)
}

/// A field of a value with target fields, as its key names it.
pub(crate) enum Field {
    /// One of the fields every book has.
    Fixed(&'static str),
    /// The field of the target at this position.
    Target(usize),
    /// The value's field named after the book (see [`FieldSeed::extra`]).
    Extra,
}

/// Reads a key into a [`Field`]. An unknown key is an error raised while the key is read, as
/// serde's derive does, so the parser places it at the key.
pub(crate) struct FieldSeed<'a> {
    /// The fixed fields, in schema order.
    pub fixed: &'static [&'static str],
    /// How many of `fixed` come before the target fields in "expected" lists.
    pub before: usize,
    /// Whether the target keys are fields of this value.
    pub targets: bool,
    /// A field whose name depends on the book (`uses_<first target key>`), listed last.
    pub extra: Option<&'a str>,
}

impl<'de> serde::de::DeserializeSeed<'de> for FieldSeed<'_> {
    type Value = Field;

    fn deserialize<D: serde::Deserializer<'de>>(self, deserializer: D) -> Result<Field, D::Error> {
        deserializer.deserialize_identifier(self)
    }
}

impl<'de> serde::de::Visitor<'de> for FieldSeed<'_> {
    type Value = Field;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a field name")
    }

    fn visit_str<E: Error>(self, key: &str) -> Result<Field, E> {
        if let Some(name) = self.fixed.iter().find(|f| **f == key) {
            return Ok(Field::Fixed(name));
        }
        if self.extra == Some(key) {
            return Ok(Field::Extra);
        }
        match index_of(key).filter(|_| self.targets) {
            Some(index) => Ok(Field::Target(index)),
            None => Err(E::unknown_field(key, self.expected())),
        }
    }
}

impl FieldSeed<'_> {
    /// Every field name in schema order, as serde's `unknown_field` wants it: a `'static`
    /// list, kept once per distinct list (one per book in practice).
    fn expected(&self) -> &'static [&'static str] {
        static LISTS: Mutex<BTreeMap<Vec<String>, &'static [&'static str]>> = Mutex::new(BTreeMap::new());
        let (before, after) = self.fixed.split_at(self.before);
        let targets = if self.targets { keys() } else { Vec::new() };
        let names: Vec<String> = before
            .iter()
            .map(|f| f.to_string())
            .chain(targets)
            .chain(after.iter().map(|f| f.to_string()))
            .chain(self.extra.map(str::to_string))
            .collect();
        let mut lists = LISTS.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        lists.entry(names).or_insert_with_key(|names| {
            let leaked: Vec<&'static str> = names.iter().map(|n| &*Box::leak(n.clone().into_boxed_str())).collect();
            Box::leak(leaked.into_boxed_slice())
        })
    }
}

/// Stores a field's value (an error if the field came twice).
pub(crate) fn once<T, E: Error>(slot: &mut Option<T>, name: &'static str, value: T) -> Result<(), E> {
    match slot.replace(value) {
        Some(_) => Err(E::duplicate_field(name)),
        None => Ok(()),
    }
}

/// One value per target, from a map's fields: `Some` for each key seen.
pub(crate) struct PerTarget<T>(Vec<Option<T>>);

impl<T> PerTarget<T> {
    pub(crate) fn new() -> Self {
        PerTarget(std::iter::repeat_with(|| None).take(KEYS.with_borrow(Vec::len)).collect())
    }

    /// Stores the value of target `index` (an error if the field came twice).
    pub(crate) fn set<E: Error>(&mut self, index: usize, key: &str, value: T) -> Result<(), E> {
        match self.0[index].replace(value) {
            Some(_) => Err(E::custom(format_args!("duplicate field `{key}`"))),
            None => Ok(()),
        }
    }

    /// Every target's value, or the error of the first missing field.
    pub(crate) fn finish<E: Error>(self) -> Result<Vec<T>, E> {
        let keys = keys();
        self.0
            .into_iter()
            .zip(keys)
            .map(|(value, key)| value.ok_or_else(|| E::custom(format_args!("missing field `{key}`"))))
            .collect()
    }
}
