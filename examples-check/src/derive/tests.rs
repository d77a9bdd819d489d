use super::*;
use crate::setup::setup;

fn entries(rows: &[(&str, &str, &[&str])]) -> BTreeMap<String, Mapping> {
    rows.iter()
        .map(|(path, status, paths)| {
            let paths = paths.iter().map(|p| p.to_string()).collect();
            (path.to_string(), Mapping { status: status.to_string(), paths })
        })
        .collect()
}

fn tokio_maps() -> BTreeMap<String, Mapping> {
    entries(&[
        ("async_std::stream", "similar", &["tokio_stream"]),
        ("async_std::stream::iter", "drop-in", &["tokio_stream::iter"]),
        ("async_std::stream::StreamExt", "drop-in", &["tokio_stream::StreamExt"]),
        ("async_std::sync::Mutex", "drop-in", &["tokio::sync::Mutex"]),
        ("async_std::sync::Mutex::lock_arc", "similar", &["tokio::sync::Mutex::lock_owned"]),
        ("async_std::task::block_on", "similar", &["tokio::runtime::Runtime::block_on"]),
        ("async_std::task::yield_now", "drop-in", &["tokio::task::yield_now"]),
        ("async_std::prelude", "none", &[]),
        ("async_std::stream::Stream", "drop-in", &["tokio_stream::Stream", "futures::stream::Stream"]),
    ])
}

fn derive_tokio(example: &str) -> Result<Derived, String> {
    derive(example, "async_std::sync::Mutex", setup("tokio").unwrap(), &tokio_maps())
}

#[test]
fn written_out_paths_and_the_main_attribute_are_replaced() {
    let derived = derive_tokio(
        "#[async_std::main]
async fn main() {
    let m = async_std::sync::Mutex::new(1);
    *m.lock().await += 1;
    async_std::task::yield_now().await;
    assert_eq!(*m.lock().await, 2);
}",
    )
    .unwrap();
    assert_eq!(
        derived.program,
        "#[tokio::main]
async fn main() {
    let m = tokio::sync::Mutex::new(1);
    *m.lock().await += 1;
    tokio::task::yield_now().await;
    assert_eq!(*m.lock().await, 2);
}"
    );
    assert_eq!(derived.entries, ["async_std::sync::Mutex", "async_std::task::yield_now"]);
}

#[test]
fn an_import_that_maps_is_rewritten_and_the_names_through_it_stay() {
    let derived = derive_tokio(
        "use async_std::stream::StreamExt;
use async_std::sync::Mutex as Lock;

let lock = Lock::new(async_std::stream::iter(vec![1, 2]));
let mut s = lock.lock().await;
assert_eq!(s.next().await, Some(1));",
    )
    .unwrap();
    assert_eq!(
        derived.program,
        "use tokio_stream::StreamExt;
use tokio::sync::Mutex as Lock;

let lock = Lock::new(tokio_stream::iter(vec![1, 2]));
let mut s = lock.lock().await;
assert_eq!(s.next().await, Some(1));"
    );
}

#[test]
fn a_module_import_without_a_single_target_is_dropped_and_its_paths_written_out() {
    let derived = derive_tokio(
        "use async_std::{stream, stream::StreamExt};

let mut s = stream::iter(1..3);
let stream = 5; // a binding that shares the module's name stays
assert_eq!(s.next().await, Some(1));",
    )
    .unwrap();
    assert_eq!(
        derived.program,
        "use tokio_stream::StreamExt;

let mut s = tokio_stream::iter(1..3);
let stream = 5; // a binding that shares the module's name stays
assert_eq!(s.next().await, Some(1));"
    );
    assert_eq!(derived.entries, ["async_std::stream::StreamExt", "async_std::stream::iter"]);
}

#[test]
fn a_member_with_its_own_entry_is_judged_by_it() {
    let error = derive_tokio(
        "use async_std::sync::Mutex;\nlet g = Mutex::lock_arc(&std::sync::Arc::new(Mutex::new(1))).await;",
    )
    .unwrap_err();
    assert_eq!(error, "`async_std::sync::Mutex::lock_arc` is `similar` for tokio");
}

#[test]
fn every_path_that_does_not_map_is_named() {
    let error = derive_tokio(
        "use async_std::prelude::*;
fn main() {
    async_std::task::block_on(async {
        let s: Box<dyn async_std::stream::Stream<Item = u8>> = todo!();
        async_std::net::TcpStream::connect(\"127.0.0.1:0\");
    })
}",
    )
    .unwrap_err();
    assert_eq!(
        error,
        "`async_std::net::TcpStream::connect` has no entry; \
`async_std::prelude` is `none` for tokio; \
`async_std::stream::Stream` maps to 2 paths for tokio (tokio_stream::Stream, futures::stream::Stream): no single path to put in its place; \
`async_std::task::block_on` is `similar` for tokio"
    );
}

#[test]
fn a_path_after_a_comment_that_ends_a_sentence_is_replaced() {
    let derived = derive_tokio("// Then it yields.\nasync_std::task::yield_now().await;\nx.y;").unwrap();
    assert_eq!(derived.program, "// Then it yields.\ntokio::task::yield_now().await;\nx.y;");
}

#[test]
fn comments_strings_and_turbofish_are_left_alone() {
    let derived = derive_tokio(
        "// async_std::task::block_on is not called here
let s = \"async_std::prelude\";
let c = '\\'';
let m = async_std::sync::Mutex::<u8>::new(1); /* async_std::prelude */",
    )
    .unwrap();
    assert_eq!(
        derived.program,
        "// async_std::task::block_on is not called here
let s = \"async_std::prelude\";
let c = '\\'';
let m = tokio::sync::Mutex::<u8>::new(1); /* async_std::prelude */"
    );
}

#[test]
fn the_smol_setup_replaces_the_test_attribute() {
    let maps = entries(&[("async_std::task::yield_now", "drop-in", &["smol::future::yield_now"])]);
    let derived = derive(
        "#[async_std::test]\nasync fn t() {\n    async_std::task::yield_now().await;\n}",
        "async_std::task::yield_now",
        setup("smol").unwrap(),
        &maps,
    )
    .unwrap();
    assert_eq!(
        derived.program,
        "#[macro_rules_attribute::apply(smol_macros::test!)]\nasync fn t() {\n    smol::future::yield_now().await;\n}"
    );
}

#[test]
fn an_unreadable_import_says_to_write_the_paths_out() {
    let error = derive_tokio("use async_std::{stream::{iter, StreamExt}};").unwrap_err();
    assert_eq!(
        error,
        "`use async_std::{stream::{iter, StreamExt}};` is not an import this derivation reads: write the paths out"
    );
}

#[test]
fn a_trait_imported_for_its_methods_maps_to_its_first_path_whatever_its_status() {
    let maps = entries(&[
        ("async_std::io", "none", &[]),
        ("async_std::io::ReadExt", "similar", &["tokio::io::AsyncReadExt", "futures::AsyncReadExt"]),
        ("async_std::io::Cursor", "drop-in", &["std::io::Cursor"]),
    ]);
    let derived = derive(
        "use async_std::io::{self, ReadExt};\nlet mut c = io::Cursor::new(b\"ab\");\nlet mut v = vec![];\nc.read_to_end(&mut v).await?;",
        "async_std::io::Cursor",
        setup("tokio").unwrap(),
        &maps,
    )
    .unwrap();
    assert_eq!(
        derived.program,
        "use tokio::io::AsyncReadExt as ReadExt;\nlet mut c = std::io::Cursor::new(b\"ab\");\nlet mut v = vec![];\nc.read_to_end(&mut v).await?;"
    );
    assert_eq!(derived.entries, ["async_std::io::Cursor", "async_std::io::ReadExt"]);
    // Named in the body, the trait is judged by its status.
    let error = derive(
        "use async_std::io::ReadExt;\nReadExt::read_to_end(&mut c, &mut v).await?;",
        "async_std::io::Cursor",
        setup("tokio").unwrap(),
        &maps,
    )
    .unwrap_err();
    assert_eq!(
        error,
        "`async_std::io::ReadExt::read_to_end` (through the entry `async_std::io::ReadExt`) is `similar` for tokio"
    );
}

#[test]
fn a_method_entry_takes_its_own_trait_in_place_of_the_imported_one() {
    let maps = entries(&[
        ("async_std::stream::StreamExt", "similar", &["tokio_stream::StreamExt"]),
        ("async_std::stream::StreamExt::nth", "drop-in", &["futures_lite::StreamExt::nth"]),
    ]);
    let derived = derive(
        "use async_std::stream::StreamExt;\nlet mut s = futures::stream::iter(1..4);\nassert_eq!(s.nth(1).await, Some(2));",
        "async_std::stream::StreamExt::nth",
        setup("tokio").unwrap(),
        &maps,
    )
    .unwrap();
    assert_eq!(
        derived.program,
        "use futures_lite::StreamExt;\nlet mut s = futures::stream::iter(1..4);\nassert_eq!(s.nth(1).await, Some(2));"
    );
    assert_eq!(derived.entries, ["async_std::stream::StreamExt::nth"]);
}

#[test]
fn the_entrys_own_method_is_renamed_where_the_target_names_it_otherwise() {
    let maps = entries(&[
        ("async_std::prelude::FutureExt", "similar", &["smol::future::FutureExt"]),
        ("async_std::prelude::FutureExt::race", "drop-in", &["smol::future::FutureExt::or"]),
    ]);
    let derived = derive(
        "use async_std::prelude::FutureExt;\nlet race = 1;\nassert_eq!(a.race(b).await, x.race);",
        "async_std::prelude::FutureExt::race",
        setup("smol").unwrap(),
        &maps,
    )
    .unwrap();
    assert_eq!(derived.program, "use smol::future::FutureExt;\nlet race = 1;\nassert_eq!(a.or(b).await, x.race);");
}

#[test]
fn a_qualified_path_maps_through_the_entry_of_its_associated_item() {
    let maps = entries(&[
        ("async_std::future::IntoFuture", "similar", &["std::future::IntoFuture"]),
        ("async_std::future::IntoFuture::Output", "drop-in", &["std::future::IntoFuture::Output"]),
        ("async_std::stream::Stream::Item", "drop-in", &["futures_core::Stream::Next"]),
    ]);
    let derive_with =
        |example: &str| derive(example, "async_std::future::IntoFuture::Output", setup("tokio").unwrap(), &maps);
    let derived = derive_with(
        "use async_std::future::IntoFuture;
type A = <std::future::Ready<u8> as async_std::future::IntoFuture>::Output;
type B = <std::future::Ready<u8> as IntoFuture>::Output;",
    )
    .unwrap();
    assert_eq!(
        derived.program,
        "type A = <std::future::Ready<u8> as std::future::IntoFuture>::Output;
type B = <std::future::Ready<u8> as std::future::IntoFuture>::Output;"
    );
    assert_eq!(derived.entries, ["async_std::future::IntoFuture::Output"]);
    // Only after `as`: a bound names the trait itself.
    assert_eq!(
        derive_with("fn f<F: async_std::future::IntoFuture>(f: F) {}").unwrap_err(),
        "`async_std::future::IntoFuture` is `similar` for tokio"
    );
    assert_eq!(
        derive_with("type I = <S as async_std::stream::Stream>::Item;").unwrap_err(),
        "`async_std::stream::Stream::Item` maps to `futures_core::Stream::Next`, which `<_ as …>::Item` cannot name"
    );
}
