//! Splitting the book-wide tables (cheat sheet, reverse indexes) into pages by module, so that
//! no generated page outgrows what a browser lays out and searches comfortably.

use crate::resolve::ResolvedModule;

/// The most rows a book-wide table gets on one page (about 1 MB of HTML): past a few thousand
/// rows a page is slow to load, lay out, scroll and search. This guide has under 1,000 entries,
/// so its tables stay whole.
pub const MAX_TABLE_ROWS: usize = 2000;

/// Which page of a split table a chapter is (`index` from 0).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Part {
    pub index: usize,
    pub count: usize,
}

impl Part {
    /// A table on one page.
    pub const WHOLE: Part = Part { index: 0, count: 1 };

    /// `Cheat sheet`, or `Cheat sheet, part 2 of 5`.
    pub fn title(self, name: &str) -> String {
        if self.count == 1 { name.to_string() } else { format!("{name}, part {} of {}", self.index + 1, self.count) }
    }

    /// `api-map/cheat-sheet.md`, then `api-map/cheat-sheet/2.md`, …: later parts live in a
    /// folder, where no map file's chapter (`api-map/<file name>.md`) can be.
    pub fn path(self, dir: &str, stem: &str) -> String {
        match self.index {
            0 => format!("{dir}/{stem}.md"),
            index => format!("{dir}/{stem}/{}.md", index + 1),
        }
    }
}

/// Consecutive runs of modules with at most `max_rows` rows in all (a bigger module gets a
/// page of its own); one run, possibly empty, when everything fits.
pub fn paginate<T>(modules: &[T], max_rows: usize, rows_of: impl Fn(&T) -> usize) -> Vec<&[T]> {
    let mut pages = Vec::new();
    let (mut start, mut rows) = (0, 0);
    for (i, module) in modules.iter().enumerate() {
        let module_rows = rows_of(module);
        if i > start && rows + module_rows > max_rows {
            pages.push(&modules[start..i]);
            (start, rows) = (i, 0);
        }
        rows += module_rows;
    }
    pages.push(&modules[start..]);
    pages
}

/// The pages of the tables that list every entry once.
pub fn entry_pages(modules: &[ResolvedModule]) -> Vec<&[ResolvedModule]> {
    paginate(modules, MAX_TABLE_ROWS, |m| m.entries.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page_sizes(rows: &[usize], max: usize) -> Vec<usize> {
        paginate(rows, max, |r| *r).iter().map(|page| page.len()).collect()
    }

    #[test]
    fn whole_when_everything_fits() {
        assert_eq!(page_sizes(&[3, 4], 10), [2]);
        assert_eq!(page_sizes(&[], 10), [0]);
    }

    #[test]
    fn splits_between_modules_and_gives_big_modules_their_own_page() {
        assert_eq!(page_sizes(&[3, 4, 5], 10), [2, 1]);
        assert_eq!(page_sizes(&[6, 25, 1], 10), [1, 1, 1]);
    }

    #[test]
    fn titles_and_paths_of_parts() {
        assert_eq!(Part::WHOLE.title("Cheat sheet"), "Cheat sheet");
        assert_eq!(Part::WHOLE.path("api-map", "cheat-sheet"), "api-map/cheat-sheet.md");
        let second = Part { index: 1, count: 3 };
        assert_eq!(second.title("Cheat sheet"), "Cheat sheet, part 2 of 3");
        assert_eq!(second.path("api-map", "cheat-sheet"), "api-map/cheat-sheet/2.md");
    }
}
