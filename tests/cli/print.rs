//! Letter packs printed as a volunteer prints them: headless Chromium with its default
//! settings, headers and footers on, on US Letter and on A4. The PDF is read back with
//! `pdftotext -bbox` (every word and its box) and `-layout` (the text of each page).

use std::collections::HashMap;
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use marathon::manifest::ManifestEntry;
use marathon::pack::flow::{Block, flow};
use serde_json::Value;

use crate::support::Workspace;

/// Points in a millimetre.
const MM: f64 = 72.0 / 25.4;
/// No word may come nearer than this to any edge of the paper: room for what a printer
/// cannot reach, and where a browser puts its header and footer.
const EDGE: f64 = 15.0 * MM;

/// Runs `cmd` with a time limit, killing it when exceeded.
pub fn run_bounded(cmd: &mut Command, limit: Duration) -> Output {
    let mut child = cmd
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| {
            panic!(
                "cannot start {cmd:?}: {e} (scripts/test.sh installs chromium and poppler-utils)"
            )
        });
    let start = Instant::now();
    loop {
        if child.try_wait().unwrap().is_some() {
            return child.wait_with_output().unwrap();
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            let out = child.wait_with_output().unwrap();
            panic!(
                "{cmd:?} took longer than {limit:?}\n{}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// Prints `html` to `pdf` with the browser's default settings (its header and footer
/// included, were there room for them).
pub fn print_to_pdf(html: &Path, pdf: &Path, profile: &Path) {
    let out = run_bounded(
        Command::new("chromium").args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            &format!("--user-data-dir={}", profile.display()),
            &format!("--print-to-pdf={}", pdf.display()),
            &format!("file://{}", html.display()),
        ]),
        Duration::from_secs(60),
    );
    assert!(
        pdf.exists(),
        "chromium wrote no PDF: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// One word of a PDF page and its box, in points from the top left corner.
struct Word {
    text: String,
    x0: f64,
    y0: f64,
    x1: f64,
    y1: f64,
}

/// One page of a PDF: its size, its words, and its text as laid out.
struct Page {
    width: f64,
    height: f64,
    words: Vec<Word>,
    text: String,
}

impl Page {
    /// The page's text with every run of whitespace made one space.
    fn flat(&self) -> String {
        flat(&self.text)
    }
}

fn flat(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn attr(line: &str, name: &str) -> f64 {
    let start = line.find(&format!("{name}=\"")).unwrap() + name.len() + 2;
    let end = start + line[start..].find('"').unwrap();
    line[start..end].parse().unwrap()
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

/// Runs `pdftotext ARGS PDF` into a file (a pipe this long would fill while `run_bounded`
/// waits) and returns its text.
fn pdftotext(args: &[&str], pdf: &Path) -> String {
    let txt = pdf.with_extension("txt");
    let out = run_bounded(
        Command::new("pdftotext").args(args).arg(pdf).arg(&txt),
        Duration::from_secs(60),
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    std::fs::read_to_string(&txt).unwrap()
}

/// Reads `pdf` back: words with their boxes, and the laid-out text of each page.
fn read_pdf(pdf: &Path) -> Vec<Page> {
    let mut pages: Vec<Page> = Vec::new();
    for line in pdftotext(&["-bbox"], pdf).lines() {
        let line = line.trim();
        if line.starts_with("<page ") {
            pages.push(Page {
                width: attr(line, "width"),
                height: attr(line, "height"),
                words: Vec::new(),
                text: String::new(),
            });
        } else if line.starts_with("<word ") {
            let start = line.find('>').unwrap() + 1;
            let end = line.rfind("</word>").unwrap();
            pages.last_mut().unwrap().words.push(Word {
                text: unescape(&line[start..end]),
                x0: attr(line, "xMin"),
                y0: attr(line, "yMin"),
                x1: attr(line, "xMax"),
                y1: attr(line, "yMax"),
            });
        }
    }
    let layout = pdftotext(&["-layout"], pdf);
    let texts: Vec<&str> = layout.split('\u{c}').collect();
    assert!(texts.len() > pages.len(), "{} pages", pages.len());
    for (page, text) in pages.iter_mut().zip(texts) {
        page.text = text.to_string();
    }
    pages
}

/// The envelope lines of a pack, in order, from its HTML.
fn envelope_lines(html: &str) -> Vec<String> {
    html.split("<div class=\"line")
        .skip(1)
        .map(|rest| {
            let text = &rest[rest.find('>').unwrap() + 1..];
            unescape(&text[..text.find("</div>").unwrap()])
        })
        .collect()
}

/// The sheets of a pack: the cover, a guide sheet and the letter for each letter, and the
/// translation sheets.
fn sheets_of(letters: &[(ManifestEntry, String)]) -> usize {
    1 + letters
        .iter()
        .map(|(e, _)| 2 + usize::from(e.translation_path.is_some()))
        .sum::<usize>()
}

/// Checks one printed pack against what it holds: one page a sheet, and [`check_pages`].
fn check_pack(pdf: &Path, html: &str, letters: &[(ManifestEntry, String)], ws: &Workspace) {
    let pages = read_pdf(pdf);
    let name = pdf.file_name().unwrap().to_string_lossy().into_owned();
    assert_eq!(pages.len(), sheets_of(letters), "{name}");
    check_pages(&pages, &name, html, letters, ws);
}

/// Checks printed pages: every word inside the printable box, no browser header or footer,
/// each signature with its letter's last paragraph, every envelope line whole.
fn check_pages(
    pages: &[Page],
    name: &str,
    html: &str,
    letters: &[(ManifestEntry, String)],
    ws: &Workspace,
) {
    let folder = ws.path().to_string_lossy().into_owned();
    for (n, page) in pages.iter().enumerate() {
        let (w, h) = (page.width, page.height);
        assert!(!page.words.is_empty(), "{name}: page {} is blank", n + 1);
        for word in &page.words {
            assert!(
                word.x0 >= EDGE && word.y0 >= EDGE && word.x1 <= w - EDGE && word.y1 <= h - EDGE,
                "{name}, page {}: `{}` at ({:.0}, {:.0})-({:.0}, {:.0}) pt is outside the \
                 printable box of a {w:.0} x {h:.0} pt page",
                n + 1,
                word.text,
                word.x0,
                word.y0,
                word.x1,
                word.y1
            );
            // A browser header's date and time: `12/6/26,`, `9:49`.
            let t = word.text.trim_end_matches(',');
            let dated = t.split('/').count() == 3 && t.split('/').all(|p| p.parse::<u32>().is_ok());
            let timed = t.split_once(':').is_some_and(|(a, b)| {
                a.parse::<u8>().is_ok() && b.len() == 2 && b.parse::<u8>().is_ok()
            });
            assert!(!dated && !timed, "{name}, page {}: `{t}`", n + 1);
        }
        for banned in ["file:", "://", ".html", "— letters of", folder.as_str()] {
            assert!(
                !page.text.contains(banned),
                "{name}, page {}: `{banned}` printed:\n{}",
                n + 1,
                page.text
            );
        }
    }

    for (entry, text) in letters {
        // The letter's last paragraph and its signature share a page.
        let f = flow(text);
        let last_para = match &f.blocks[f.closing] {
            Block::Para(p) => p.clone(),
            Block::Items(items) => items.last().unwrap().clone(),
            Block::Lines(lines) => lines.join(" "),
        };
        let words: Vec<&str> = last_para.split_whitespace().collect();
        let tail = words[words.len().saturating_sub(4)..].join(" ");
        let Some(Block::Lines(signature)) = f.blocks.last() else {
            panic!("letter {} ends without a signature block", entry.id)
        };
        let signature = flat(signature.last().unwrap());
        let with_tail: Vec<usize> = (0..pages.len())
            .filter(|&i| pages[i].flat().contains(&tail))
            .collect();
        assert!(
            !with_tail.is_empty(),
            "{name}: `{tail}` of {} not printed",
            entry.id
        );
        for i in with_tail {
            assert!(
                pages[i].flat().contains(&signature),
                "{name}, page {}: `{tail}` without the signature `{signature}`",
                i + 1
            );
        }
    }

    // Every envelope line up to 70 characters is printed whole, on one line of its own;
    // a longer one (none in the sample) may wrap but keeps every word.
    for line in envelope_lines(html) {
        let printed = if line.chars().count() <= 70 {
            pages
                .iter()
                .any(|p| p.text.lines().any(|l| l.trim() == line))
        } else {
            pages.iter().any(|p| p.flat().contains(&flat(&line)))
        };
        assert!(printed, "{name}: envelope line `{line}` split or missing");
    }
}

#[test]
fn every_sample_pack_prints_clean_with_the_browser_defaults() {
    let ws = Workspace::sample();
    ws.ok(&["assign", "--seed", "1"]);
    ws.ok(&["generate"]);
    let packs: Value = serde_json::from_str(&ws.ok(&["pack", "--json"])).unwrap();
    let packs = packs["packs"].as_array().unwrap();
    assert!(packs.len() >= 10, "{} packs", packs.len());
    let manifest: HashMap<String, ManifestEntry> =
        marathon::manifest::read(&ws.path().join("letters/manifest.jsonl"))
            .unwrap()
            .into_iter()
            .map(|e| (e.id.clone(), e))
            .collect();
    let profile = tempfile::tempdir().unwrap();
    let mut cyrillic_envelopes = 0;
    for (n, pack) in packs.iter().enumerate() {
        let file = ws.path().join(pack["file"].as_str().unwrap());
        let html = std::fs::read_to_string(&file).unwrap();
        let letters: Vec<(ManifestEntry, String)> = pack["letters"]
            .as_array()
            .unwrap()
            .iter()
            .map(|id| {
                let e = manifest[id.as_str().unwrap()].clone();
                let text = ws.read(&format!("letters/{}", e.path));
                (e, text)
            })
            .collect();
        cyrillic_envelopes += envelope_lines(&html)
            .iter()
            .filter(|l| l.chars().any(|c| ('а'..='я').contains(&c)))
            .count();
        let pdf = ws.path().join(format!("pack-{n}.pdf"));
        print_to_pdf(&file, &pdf, profile.path());
        check_pack(&pdf, &html, &letters, &ws);

        if n == 0 {
            // The browser's default paper here is US Letter; A4 too.
            assert_eq!(read_pdf(&pdf)[0].width.round(), 612.0);
            let a4 = ws.path().join("letters/packs/a4-copy.html");
            std::fs::write(
                &a4,
                html.replace("@page { margin: 0; }", "@page { size: A4; margin: 0; }"),
            )
            .unwrap();
            let a4_pdf = ws.path().join("a4.pdf");
            print_to_pdf(&a4, &a4_pdf, profile.path());
            assert_eq!(read_pdf(&a4_pdf)[0].width.round(), 595.0);
            check_pack(&a4_pdf, &html, &letters, &ws);
            // The first solidarity letter's page (after the cover and each letter's sheets).
            let mut page = 2;
            for (e, _) in &letters {
                page += 1;
                if e.kind == marathon::manifest::LetterKind::Solidarity {
                    break;
                }
                page += 1 + usize::from(e.translation_path.is_some());
            }
            keep_letter_page(&pdf, page.min(sheets_of(&letters)));
        }
    }
    assert!(cyrillic_envelopes > 0, "the sample has Cyrillic envelopes");
}

/// Keeps the first letter page of a printed pack as `target/tmp/pack-letter-page.png`, for
/// a person to look at.
fn keep_letter_page(pdf: &Path, page: usize) {
    let out = Path::new(env!("CARGO_TARGET_TMPDIR")).join("pack-letter-page");
    let page = page.to_string();
    let done = run_bounded(
        Command::new("pdftoppm")
            .args(["-png", "-r", "80", "-f", &page, "-l", &page, "-singlefile"])
            .arg(pdf)
            .arg(&out),
        Duration::from_secs(30),
    );
    assert!(
        done.status.success(),
        "{}",
        String::from_utf8_lossy(&done.stderr)
    );
}

/// A letter of `paragraphs` everyday paragraphs, with an address, a greeting and a closing.
fn long_letter(paragraphs: usize) -> String {
    let mut text = String::from(
        "Прыкладны Алесь бы1\nИК №4\nул. Ефремова 1\n246035, г. Гомель\nREPUBLIC OF BELARUS\n\n\
         Дорогой Алесь!\n\n",
    );
    for i in 0..paragraphs {
        text.push_str(&format!(
            "Сегодня, в день номер {i}, я гуляла у реки и смотрела, как над водой\n\
             поднимается туман, а потом долго пила чай с яблочным пирогом.\n\n"
        ));
    }
    text.push_str(
        "Желаю Вам здоровья и терпения, пишите, когда захотите: я отвечу обязательно.\n\n\
         С теплом,\nАнна Ковальская\nКраков, Польша\n",
    );
    text
}

// Regression: a letter longer than a page lost its margins on the next page, and its
// signature could print on a page of its own.
#[test]
fn long_letters_keep_their_margins_and_their_signature_with_the_last_paragraph() {
    use crate::synth::{belarus_row, volunteer_row};
    let ws = crate::synth::workspace(
        &[belarus_row("by1", "be ru", "1970-01-15", "detained")],
        &[volunteer_row("anna", "ru")],
        // Longer than Belarus's default limit of 3,000 characters (about a page).
        "[countries.BY]\nmax_chars = 20000\n",
    );
    // Lengths around one and two pages, so that page breaks fall at every point of the end.
    let mut lines = Vec::new();
    let mut letters = Vec::new();
    for (n, paragraphs) in (22..=34).chain(52..=60).enumerate() {
        let id = format!("a11ce{n:03}00000000");
        let text = long_letter(paragraphs);
        ws.write(&format!("letters/post/{id}.txt"), &text);
        let entry = serde_json::json!({
            "id": id, "template": "solidarity-ru", "kind": "solidarity", "language": "ru",
            "case": "case-1", "prisoner": "by1",
            "recipient": {"id": "by1", "role": "prisoner", "name": "Ales by1", "country": "BY"},
            "sender": {"id": "anna", "role": "volunteer", "name": "Volunteer anna", "country": "PL"},
            "channel": "post", "subject": "", "path": format!("post/{id}.txt")
        });
        lines.push(entry.to_string());
        letters.push((
            serde_json::from_value::<ManifestEntry>(entry).unwrap(),
            text,
        ));
    }
    ws.write("letters/manifest.jsonl", lines.join("\n") + "\n");
    ws.ok(&["pack"]);
    let html_path = ws.path().join("letters/packs/volunteer-anna.html");
    let html = std::fs::read_to_string(&html_path).unwrap();
    let pdf = ws.path().join("long.pdf");
    let profile = tempfile::tempdir().unwrap();
    print_to_pdf(&html_path, &pdf, profile.path());
    let pages = read_pdf(&pdf);
    let sheets = 1 + 2 * letters.len();
    assert!(
        pages.len() > sheets + letters.len(),
        "the letters run over several pages"
    );
    // Every word inside the printable box, continuation pages included; every signature with
    // its last paragraph. (The page count differs from one page a sheet, so checked apart.)
    let expected_words: usize = letters
        .iter()
        .map(|(_, t)| t.split_whitespace().count())
        .sum();
    let printed: usize = pages.iter().map(|p| p.words.len()).sum();
    assert!(printed > expected_words, "{printed} words printed");
    check_pages(&pages, "long.pdf", &html, &letters, &ws);
}
