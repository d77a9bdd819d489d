//! Contributed YAML is untrusted: no input may make load or check panic. This feeds thousands
//! of deterministic mutations of a real map file (byte flips, truncations, splices of YAML
//! syntax) through the loader and the checker.

mod common;

use mdbook_apimap::{check, load, model::MapFile};

/// A small deterministic generator (xorshift64*), so failures reproduce.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

const SNIPPETS: [&str; 16] =
    [": ", "- ", "|", ">", "&a ", "*a", "[", "]", "{", "}", "\"", "'", "\n  ", "\t", "#", "<script>"];

fn mutate(seed: &str, rng: &mut Rng) -> String {
    let mut bytes = seed.as_bytes().to_vec();
    for _ in 0..1 + rng.below(4) {
        let at = rng.below(bytes.len());
        match rng.below(4) {
            0 => bytes.truncate(at),
            1 => {
                let last = bytes.len().saturating_sub(1);
                bytes.remove(at.min(last));
            }
            2 => {
                let snippet = SNIPPETS[rng.below(SNIPPETS.len())].as_bytes();
                bytes.splice(at..at, snippet.iter().copied());
            }
            _ => {
                let last = bytes.len().saturating_sub(1);
                bytes[at.min(last)] = rng.next() as u8;
            }
        }
        if bytes.is_empty() {
            break;
        }
    }
    String::from_utf8_lossy(&bytes).into_owned()
}

#[test]
fn mutated_maps_never_panic() {
    let seed = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/book/api-maps/task.yaml"))
        .unwrap();
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let mut parsed = 0;
    let config = common::guide_config();
    for _ in 0..3000 {
        let text = mutate(&seed, &mut rng);
        if let Ok(doc) = load::parse_map("api-maps/task.yaml", &text, &config.target_keys()) {
            parsed += 1;
            let file = MapFile { path: "api-maps/task.yaml".into(), stem: "task".into(), source: text, doc };
            let _ = check::check(&[file], &config);
        }
    }
    // Some mutations leave a valid file, so the checker ran on odd-but-valid input too.
    assert!(parsed > 0);
}
