//! (b) A structured hostile map: whatever load + check + resolve accept renders, through the
//! Markdown options of mdBook, to HTML without a script, an event handler or a dangerous URL;
//! and the chapter names (sidebar, `<title>`, search breadcrumbs) are plain text.
#![no_main]

use apimap_fuzz::html_safety;
use apimap_fuzz::map_gen::FuzzMap;
use libfuzzer_sys::fuzz_target;
use mdbook_markdown::{MarkdownOptions, new_cmark_parser, pulldown_cmark};

fuzz_target!(|map: FuzzMap| {
    let extra_rows = map.extra_tokio_rows();
    let Some(inventories) = apimap_fuzz::inventories(&extra_rows) else { return };
    let yaml = map.to_yaml(&inventories);
    let analysis = apimap_fuzz::analyze_text(&map.stem(), &yaml, &inventories);
    if analysis.has_errors() {
        return;
    }
    if std::env::var_os("APIMAP_FUZZ_SHOW_ACCEPTED").is_some() {
        // `render_html -runs=0 corpus/render_html` then lists the accepted maps of a corpus.
        eprintln!("accepted map:\n{yaml}");
    }
    let chapters = apimap_fuzz::generate(&analysis);
    // The mdBook glue refuses to build when generated text opens a directive (`{{#`).
    if chapters.iter().any(|c| !mdbook_apimap::plain_text::directive_offsets(&c.content).is_empty()) {
        return;
    }
    for chapter in chapters {
        let mut html = String::new();
        pulldown_cmark::html::push_html(&mut html, new_cmark_parser(&chapter.content, &MarkdownOptions::default()));
        if let Some(problem) = html_safety::problem(&html) {
            panic!(
                "{problem}\nin chapter {}\n--- map ---\n{yaml}\n--- tokio rows ---\n{extra_rows}\n--- html ---\n{html}",
                chapter.path
            );
        }
        assert!(
            !chapter.name.contains(['<', '>', '&']),
            "chapter name {:?} is not plain text\n--- map ---\n{yaml}",
            chapter.name
        );
    }
});
