//! Letter text as blocks for print: paragraphs that flow to the width of the page, address
//! and signature blocks that keep their lines, and lists whose items flow. Templates wrap
//! their text at a fixed width; a printed page wraps it again, so the template's own line
//! breaks inside a paragraph are dropped.
//!
//! A blank line separates blocks. The first block (the address) and the last (the
//! signature) keep their lines, and so does any block of two or more short lines (a closing
//! with a name, a postal address); a block whose lines start with a dash or bullet is a list;
//! every other block is a paragraph whose single line breaks become spaces.

/// Lines of at most this many characters are short: a name, a town, a closing.
const SHORT: usize = 40;

/// One block of a letter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    /// Lines printed as they are.
    Lines(Vec<String>),
    /// A paragraph, its lines joined with spaces.
    Para(String),
    /// List items, each with its marker, continuation lines joined with spaces.
    Items(Vec<String>),
}

/// A letter's blocks and where its closing starts: the last paragraph or list and
/// everything after it, which print on one page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Flowed {
    /// The blocks, in order.
    pub blocks: Vec<Block>,
    /// Index of the first block of the closing.
    pub closing: usize,
}

fn is_item(line: &str) -> bool {
    let t = line.trim_start();
    ["— ", "– ", "- ", "• ", "* "]
        .iter()
        .any(|m| t.starts_with(m))
}

fn join(lines: &[&str]) -> String {
    lines
        .iter()
        .map(|l| l.trim())
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The blocks of one letter's text.
pub fn flow(text: &str) -> Flowed {
    let mut raw: Vec<Vec<&str>> = Vec::new();
    let mut cur: Vec<&str> = Vec::new();
    for line in text.lines() {
        if line.trim().is_empty() {
            if !cur.is_empty() {
                raw.push(std::mem::take(&mut cur));
            }
        } else {
            cur.push(line.trim_end());
        }
    }
    if !cur.is_empty() {
        raw.push(cur);
    }
    let last = raw.len().saturating_sub(1);
    let mut blocks = Vec::with_capacity(raw.len());
    for (i, lines) in raw.iter().enumerate() {
        let short = lines.len() > 1 && lines.iter().all(|l| l.trim().chars().count() <= SHORT);
        if i == 0 || i == last || short {
            blocks.push(Block::Lines(
                lines.iter().map(|l| l.trim().to_string()).collect(),
            ));
        } else if let Some(first) = lines.iter().position(|l| is_item(l)) {
            if first > 0 {
                blocks.push(Block::Para(join(&lines[..first])));
            }
            let mut items: Vec<Vec<&str>> = Vec::new();
            for l in &lines[first..] {
                match items.last_mut() {
                    Some(item) if !is_item(l) => item.push(l),
                    _ => items.push(vec![l]),
                }
            }
            blocks.push(Block::Items(items.iter().map(|it| join(it)).collect()));
        } else {
            blocks.push(Block::Para(join(lines)));
        }
    }
    // The closing starts at the last paragraph of the letter proper: a closing formula on a
    // line of its own ("С уважением,", "Mit freundlichen Grüßen") is short and ends with no
    // full stop, so it is passed over.
    let proper = |b: &Block| match b {
        Block::Lines(_) => false,
        Block::Items(_) => true,
        Block::Para(p) => {
            p.chars().count() > SHORT
                || p.trim_end_matches(['»', '"', '”', ')'])
                    .ends_with(['.', '!', '?', '…'])
        }
    };
    let closing = blocks
        .iter()
        .rposition(proper)
        .or_else(|| blocks.iter().rposition(|b| !matches!(b, Block::Lines(_))))
        .unwrap_or(last);
    Flowed { blocks, closing }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const LETTER: &str = "Иванову Ивану\nИК №4\n246035, г. Гомель\nREPUBLIC OF BELARUS\n\n\
        4 августа 2026 г.\n\nДорогой Иван!\n\nУ нас стоит август. По утрам уже бывает прохладно, \
        на рынке появились первые\nяблоки, грибы и черника.\n\nПрошу Вас:\n\n\
        — принять меры к тому, чтобы он был освобождён\n  немедленно;\n— обеспечить свидания.\n\n\
        Желаю Вам крепкого здоровья.\n\nС теплом,\nAnna Kowalska\nKraków, Польша\n";

    #[test]
    fn paragraphs_flow_and_address_and_signature_keep_their_lines() {
        let f = flow(LETTER);
        let lines = |v: &[&str]| Block::Lines(v.iter().map(|s| s.to_string()).collect());
        assert_eq!(
            f.blocks,
            vec![
                lines(&[
                    "Иванову Ивану",
                    "ИК №4",
                    "246035, г. Гомель",
                    "REPUBLIC OF BELARUS"
                ]),
                Block::Para("4 августа 2026 г.".into()),
                Block::Para("Дорогой Иван!".into()),
                Block::Para(
                    "У нас стоит август. По утрам уже бывает прохладно, на рынке появились \
                     первые яблоки, грибы и черника."
                        .into()
                ),
                Block::Para("Прошу Вас:".into()),
                Block::Items(vec![
                    "— принять меры к тому, чтобы он был освобождён немедленно;".into(),
                    "— обеспечить свидания.".into()
                ]),
                Block::Para("Желаю Вам крепкого здоровья.".into()),
                lines(&["С теплом,", "Anna Kowalska", "Kraków, Польша"]),
            ]
        );
        assert_eq!(f.closing, 6, "the last paragraph starts the closing");
    }

    #[test]
    fn a_closing_on_its_own_line_before_the_signature_joins_the_closing() {
        let f = flow("Addr\n\nLong text of the letter.\n\nС уважением,\n\nAnna\nKraków\n");
        assert_eq!(f.closing, 1);
        assert_eq!(f.blocks[2], Block::Para("С уважением,".into()));
        let f = flow("Addr\n\nProszę o informację.\n\nZ wyrazami szacunku\n\nAnna\nKraków\n");
        assert_eq!(f.closing, 1);
        let f = flow("Addr\n\nHallo\n\nMit freundlichen Grüßen\n\nAnna\nKraków\n");
        assert_eq!(
            f.closing, 2,
            "no paragraph ends a sentence: the last one starts it"
        );
        assert_eq!(flow("").blocks, vec![]);
        assert_eq!(flow("  \n\n").closing, 0);
    }

    proptest! {
        // Flowing never panics, loses or reorders a word.
        #[test]
        fn flowing_keeps_every_word_in_order(text in "(\\PC{0,12}[ \n]{0,3}){0,30}") {
            let f = flow(&text);
            let mut words: Vec<String> = Vec::new();
            for b in &f.blocks {
                match b {
                    Block::Lines(v) | Block::Items(v) => {
                        for l in v {
                            words.extend(l.split_whitespace().map(str::to_string));
                        }
                    }
                    Block::Para(p) => words.extend(p.split_whitespace().map(str::to_string)),
                }
            }
            let expected: Vec<String> = text.split_whitespace().map(str::to_string).collect();
            prop_assert_eq!(words, expected);
            prop_assert!(f.blocks.is_empty() || f.closing < f.blocks.len());
        }
    }
}
