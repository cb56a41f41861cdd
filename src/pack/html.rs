//! The printable HTML of a pack: a cover sheet, then for each letter a guide sheet (envelope,
//! enclosures, postage, how to report it) followed by the letter on its own page, and the
//! translation sheet of a bilingual letter. Everything taken from data files is escaped.

use std::fmt::Write as _;

use super::{Pack, PackLetter, record_line};
use crate::campaign::Campaign;
use crate::human;

const STYLE: &str = r#"@page { size: A4; margin: 18mm 20mm; }
html { font-family: "DejaVu Serif", "Liberation Serif", "Noto Serif", "Times New Roman", serif; font-size: 12pt; color: #000; }
* { box-sizing: border-box; }
body { margin: 0; }
.sheet { break-after: page; page-break-after: always; }
.sheet:last-child { break-after: auto; page-break-after: auto; }
h1 { font-size: 18pt; margin: 0 0 6mm; }
h2 { font-size: 14pt; margin: 0 0 4mm; }
h3 { font-size: 12pt; margin: 6mm 0 2mm; }
.tag { font-family: "DejaVu Sans", "Liberation Sans", sans-serif; font-size: 9pt; color: #444; margin: 0 0 4mm; }
code, .record { font-family: "DejaVu Sans Mono", "Liberation Mono", monospace; }
.record { font-size: 10pt; border: 1px solid #999; padding: 2mm 3mm; white-space: pre-wrap; }
.envelope { border: 1.5px solid #000; padding: 5mm 8mm; width: 130mm; max-width: 100%; margin-left: auto; font-size: 13pt; line-height: 1.4; }
.envelope .line { white-space: pre-wrap; }
.text { white-space: pre-wrap; line-height: 1.45; }
table.letters { border-collapse: collapse; width: 100%; font-size: 10pt; }
table.letters td, table.letters th { border-bottom: 1px solid #ccc; padding: 1.5mm 2mm; text-align: left; vertical-align: top; }
"#;

/// Escapes text for HTML element content and attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The whole HTML document of `pack`.
pub fn render(pack: &Pack, campaign: &Campaign) -> String {
    let mut s = String::new();
    let _ = write!(
        s,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <title>{} — letters of {}</title>\n<style>\n{STYLE}</style>\n</head>\n<body>\n",
        escape(&campaign.name),
        escape(&pack.name)
    );
    cover(&mut s, pack, campaign);
    let n = pack.letters.len();
    for (i, l) in pack.letters.iter().enumerate() {
        guide(&mut s, l, i + 1, n);
        let _ = writeln!(
            s,
            "<section class=\"sheet letter\" lang=\"{}\">\n<div class=\"text\">{}</div>\n</section>",
            escape(&l.language),
            escape(l.text.trim_end())
        );
        if let Some(t) = &l.translation {
            let _ = writeln!(
                s,
                "<section class=\"sheet translation\">\n<p class=\"tag\">Translation of letter \
                 <code>{}</code>, for you to keep: do not put it in the envelope.</p>\n\
                 <div class=\"text\">{}</div>\n</section>",
                escape(&l.id),
                escape(t.trim_end())
            );
        }
    }
    s.push_str("</body>\n</html>\n");
    s
}

fn cover(s: &mut String, pack: &Pack, campaign: &Campaign) {
    let _ = writeln!(
        s,
        "<section class=\"sheet cover\">\n<h1>{}</h1>\n<p>Letters for <strong>{}</strong>: {} to post.</p>",
        escape(&campaign.name),
        escape(&pack.name),
        human::count(pack.letters.len() as u64, "letter", "letters")
    );
    s.push_str(
        "<p>For each letter: sign it, copy the envelope address exactly as printed (the \
         Cyrillic lines letter by letter, the country line in Latin capitals), put in what the \
         guide sheet lists, post it, then report it with the line shown.</p>\n\
         <p>The letter pages carry no reference number on purpose: anything that looks like a \
         code can get a letter withheld.</p>\n\
         <table class=\"letters\">\n<tr><th>Letter</th><th>To</th><th>Kind</th></tr>\n",
    );
    for l in &pack.letters {
        let kind = l.kind.as_str();
        let _ = writeln!(
            s,
            "<tr><td><code>{}</code></td><td>{}</td><td>{kind}</td></tr>",
            escape(&l.id),
            escape(&l.recipient)
        );
    }
    s.push_str("</table>\n</section>\n");
}

fn guide(s: &mut String, l: &PackLetter, i: usize, n: usize) {
    let _ = writeln!(
        s,
        "<section class=\"sheet guide\" id=\"letter-{id}\">\n<p class=\"tag\">Letter {i} of {n} · \
         <code>{id}</code> · this sheet stays with you</p>\n<h2>To {}</h2>",
        escape(&l.recipient),
        id = escape(&l.id)
    );
    s.push_str("<h3>Envelope</h3>\n<div class=\"envelope\">\n");
    for line in &l.envelope {
        let _ = writeln!(s, "<div class=\"line\">{}</div>", escape(line));
    }
    s.push_str("</div>\n<h3>In the envelope</h3>\n<ul>\n<li>the letter (next page), signed</li>\n");
    for item in &l.enclose {
        let _ = writeln!(s, "<li>{}</li>", escape(item));
    }
    s.push_str("</ul>\n");
    if l.translation.is_some() {
        s.push_str(
            "<p>The letter is a prepared text in the prisoner's language; its translation \
             follows it. Keep the translation.</p>\n",
        );
    }
    if let Some(p) = &l.postage {
        let _ = writeln!(s, "<h3>Postage</h3>\n<p>{}</p>", escape(p));
    }
    let _ = writeln!(
        s,
        "<h3>When you have posted it</h3>\n<div class=\"record\">{}</div>\n</section>",
        escape(&record_line(&l.id))
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_quotes() {
        assert_eq!(
            escape("<b>\"Tom\" & 'Jerry'</b>"),
            "&lt;b&gt;&quot;Tom&quot; &amp; &#39;Jerry&#39;&lt;/b&gt;"
        );
        assert_eq!(escape("Алесь №4"), "Алесь №4");
    }
}
