//! The Rust code blocks of a doc comment, as rustdoc tests them: fenced with ``` or ~~~, with
//! no language or `rust` and rustdoc's test attributes (`no_run`, `ignore`, `edition2021`…).

use super::DocLine;

/// A code block: its lines joined with `\n`, and where each line starts in the file.
#[derive(Debug)]
pub struct Block {
    pub text: String,
    /// (offset in `text`, offset in the file) of each line's start.
    starts: Vec<(usize, usize)>,
}

impl Block {
    /// The file offset of an offset in the block's text.
    pub fn file_offset(&self, offset: usize) -> usize {
        let line = self.starts.partition_point(|&(start, _)| start <= offset).saturating_sub(1);
        let (start, file) = self.starts[line];
        file + (offset - start)
    }

    fn push(&mut self, line: &DocLine) {
        if !self.starts.is_empty() {
            self.text.push('\n');
        }
        self.starts.push((self.text.len(), line.offset));
        self.text.push_str(&line.text);
    }
}

pub fn rust_code_blocks(lines: &[DocLine]) -> Vec<Block> {
    let mut blocks = Vec::new();
    // The open fence (its marker) and the block, if it is Rust.
    let mut open: Option<(String, Option<Block>)> = None;
    for line in lines {
        // Block comments may start their lines with ` * `.
        let trimmed = line.text.trim_start().trim_start_matches('*').trim_start();
        match &mut open {
            None => {
                if let Some((marker, info)) = fence(trimmed) {
                    let block = is_rust(info).then(|| Block { text: String::new(), starts: Vec::new() });
                    open = Some((marker, block));
                }
            }
            Some((marker, block)) => {
                if trimmed.starts_with(marker.as_str()) && trimmed.trim_start_matches(marker.as_str()).trim().is_empty()
                {
                    if let Some((_, Some(block))) = open.take() {
                        blocks.push(block);
                    }
                } else if let Some(block) = block {
                    block.push(line);
                }
            }
        }
    }
    // An unclosed fence runs to the end of the comment, as in Markdown.
    if let Some((_, Some(block))) = open {
        blocks.push(block);
    }
    blocks
}

/// `(marker, info string)` of an opening fence line.
fn fence(line: &str) -> Option<(String, &str)> {
    let ch = line.chars().next().filter(|c| matches!(c, '`' | '~'))?;
    let count = line.chars().take_while(|&c| c == ch).count();
    (count >= 3).then(|| (ch.to_string().repeat(count), line[count..].trim()))
}

/// rustdoc treats a block as Rust unless its info string names something else.
fn is_rust(info: &str) -> bool {
    info.split(|c: char| c == ',' || c.is_whitespace()).filter(|t| !t.is_empty()).all(|token| {
        matches!(
            token,
            "rust" | "ignore" | "should_panic" | "no_run" | "compile_fail" | "test_harness" | "standalone_crate"
        ) || token.starts_with("edition")
            || token.starts_with("ignore-")
            || token.starts_with('{')
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &str) -> Vec<DocLine> {
        let mut offset = 0;
        text.lines()
            .map(|l| {
                let line = DocLine { text: l.to_string(), offset };
                offset += l.len() + 1;
                line
            })
            .collect()
    }

    #[test]
    fn keeps_rust_blocks_and_maps_offsets_back() {
        let docs = lines("prose\n```no_run\nlet a = 1;\nlet b = 2;\n```\n```toml\nx = 1\n```\n~~~\nc\n");
        let blocks = rust_code_blocks(&docs);
        let texts: Vec<&str> = blocks.iter().map(|b| b.text.as_str()).collect();
        assert_eq!(texts, ["let a = 1;\nlet b = 2;", "c"]);
        assert_eq!(blocks[0].file_offset(11), "prose\n```no_run\nlet a = 1;\n".len());
    }
}
