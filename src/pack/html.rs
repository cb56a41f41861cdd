//! The printable HTML of a pack: a cover sheet, then for each letter a guide sheet (envelope,
//! enclosures, postage, how to report it) followed by the letter on its own page, and the
//! translation sheet of a bilingual letter. Everything taken from data files is escaped; the
//! letters' paragraphs flow (see [`super::flow`]).

use std::fmt::Write as _;

use super::flow::{Block, flow};
use super::{Pack, PackLetter, short_ref};
use crate::campaign::{Campaign, ReportTo};
use crate::human;

/// The print stylesheet every printable page embeds (see its opening comment).
pub const PRINT_CSS: &str = include_str!("print.css");

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

/// The whole HTML document of `pack`, its stylesheet inside it (a file that prints alone).
pub fn render(pack: &Pack, campaign: &Campaign) -> String {
    render_with(pack, campaign, None)
}

/// The whole HTML document of `pack`, its stylesheet [`PRINT_CSS`] linked from `css` when
/// given (a web page whose policy forbids inline styles), inside it otherwise.
pub fn render_with(pack: &Pack, campaign: &Campaign, css: Option<&str>) -> String {
    let mut s = String::new();
    let style = match css {
        Some(href) => format!("<link rel=\"stylesheet\" href=\"{}\">", escape(href)),
        None => format!("<style>\n{PRINT_CSS}</style>"),
    };
    let _ = write!(
        s,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <title>{} — letters of {}</title>\n{style}\n</head>\n<body>\n",
        escape(&campaign.name),
        escape(&pack.name)
    );
    cover(&mut s, pack, campaign);
    let n = pack.letters.len();
    for (i, l) in pack.letters.iter().enumerate() {
        guide(&mut s, l, i + 1, n, campaign);
        let _ = writeln!(
            s,
            "<section class=\"sheet letter\" lang=\"{}\">\n<div class=\"text\">\n{}</div>\n</section>",
            escape(&l.language),
            text_html(&l.text)
        );
        if let Some(t) = &l.translation {
            let _ = writeln!(
                s,
                "<section class=\"sheet translation\">\n<p class=\"tag\">Translation of the \
                 letter to {}, for you to keep: do not put it in the envelope.</p>\n\
                 <div class=\"text\">\n{}</div>\n</section>",
                escape(&l.recipient),
                text_html(t)
            );
        }
    }
    s.push_str("</body>\n</html>\n");
    s
}

/// A letter's text as HTML blocks: flowing paragraphs, lists, blocks of lines, and the
/// closing kept together.
pub fn text_html(text: &str) -> String {
    let flowed = flow(text);
    let mut s = String::new();
    for (i, b) in flowed.blocks.iter().enumerate() {
        if i == flowed.closing {
            s.push_str("<div class=\"closing\">\n");
        }
        match b {
            Block::Para(p) => {
                let _ = writeln!(s, "<p>{}</p>", escape(p));
            }
            Block::Lines(lines) => {
                let lines: Vec<String> = lines.iter().map(|l| escape(l)).collect();
                let _ = writeln!(s, "<p class=\"lines\">{}</p>", lines.join("<br>\n"));
            }
            Block::Items(items) => {
                s.push_str("<ul>\n");
                for it in items {
                    let _ = writeln!(s, "<li>{}</li>", escape(it));
                }
                s.push_str("</ul>\n");
            }
        }
    }
    if flowed.closing < flowed.blocks.len() {
        s.push_str("</div>\n");
    }
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
         guide sheet lists, post it, then report it as the guide sheet says.</p>\n\
         <p>The letter pages carry no reference on purpose: anything that looks like a code can \
         get a letter withheld. The references below and on the guide sheets are for you and \
         the coordinator only.</p>\n\
         <table class=\"letters\">\n<tr><th>Reference</th><th>To</th><th>Kind</th></tr>\n",
    );
    for l in &pack.letters {
        let kind = l.kind.as_str();
        let _ = writeln!(
            s,
            "<tr><td><span class=\"ref\">{}</span></td><td>{}</td><td>{kind}</td></tr>",
            escape(&short_ref(&l.id)),
            escape(&l.recipient)
        );
    }
    s.push_str("</table>\n</section>\n");
}

fn guide(s: &mut String, l: &PackLetter, i: usize, n: usize, campaign: &Campaign) {
    let reference = escape(&short_ref(&l.id));
    let _ = writeln!(
        s,
        "<section class=\"sheet guide\" id=\"letter-{id}\">\n<p class=\"tag\">Letter {i} of {n} · \
         reference <span class=\"ref\">{reference}</span> · this sheet stays with you</p>\n\
         <h2>To {}</h2>",
        escape(&l.recipient),
        id = escape(&l.id)
    );
    s.push_str("<h3>Envelope</h3>\n<div class=\"envelope\">\n");
    for line in &l.envelope {
        // 13 pt fits about 45 characters across the box, 11 pt 55, 9.5 pt 70.
        let class = match line.chars().count() {
            0..=45 => "line",
            46..=55 => "line long",
            _ => "line longer",
        };
        let _ = writeln!(s, "<div class=\"{class}\">{}</div>", escape(line));
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
    let how = match campaign.sender.report_to() {
        Some(ReportTo::Email(to)) => format!(
            "Email <strong>{}</strong>: “Posted <span class=\"ref\">{reference}</span> on \
             (the day)”.",
            escape(to)
        ),
        Some(ReportTo::Web(url)) => format!(
            "Report it on <strong>{}</strong> with the reference \
             <span class=\"ref\">{reference}</span> and the day you posted it.",
            escape(url)
        ),
        None => format!(
            "Tell the coordinator who gave you this pack the reference \
             <span class=\"ref\">{reference}</span> and the day you posted it."
        ),
    };
    let _ = writeln!(
        s,
        "<h3>When you have posted it</h3>\n<div class=\"report\">\n<p>{how}</p>\n\
         <p>If an answer arrives or the letter comes back, report that the same way, with the \
         same reference.</p>\n</div>\n</section>"
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    fn campaign(report_to: Option<&str>) -> Campaign {
        let mut text = "id = \"c\"\nname = \"C\"\nstarts = 2026-08-04\nends = 2026-08-18\n\
                        [sender]\nname = \"G\"\nemail = \"g@example.org\"\n"
            .to_string();
        if let Some(to) = report_to {
            text.push_str(&format!("report_to = \"{to}\"\n"));
        }
        Campaign::parse(&text, std::path::Path::new("campaign.toml")).unwrap()
    }

    fn pack() -> Pack {
        Pack {
            volunteer: "anna".into(),
            name: "Anna".into(),
            file: "anna.html".into(),
            letters: vec![PackLetter {
                id: "8279bfddc1cc2340".into(),
                kind: crate::manifest::LetterKind::Solidarity,
                recipient: "Ales".into(),
                language: "ru".into(),
                envelope: vec!["Иванову Ивану".into()],
                text: "Адрес\n\nПишу вам из Кракова, где сегодня тёплый день, и\nгуляю у реки.\n\nАнна\n"
                    .into(),
                translation: None,
                enclose: vec![],
                postage: None,
            }],
        }
    }

    #[test]
    fn the_guide_says_how_to_report_by_the_short_reference() {
        let by_mail = render(&pack(), &campaign(Some("r@example.org")));
        assert!(by_mail.contains(
            "Email <strong>r@example.org</strong>: “Posted <span class=\"ref\">8279-bfdd</span>"
        ));
        let by_web = render(&pack(), &campaign(Some("https://example.org/r")));
        assert!(by_web.contains("Report it on <strong>https://example.org/r</strong>"));
        let by_hand = render(&pack(), &campaign(None));
        assert!(by_hand.contains("Tell the coordinator who gave you this pack the reference"));
        for html in [by_mail, by_web, by_hand] {
            assert!(!html.contains("marathon record"));
            assert!(
                !html.contains("8279bfddc1cc2340</"),
                "the whole id is not shown"
            );
            assert!(
                html.contains(
                    "<p>Пишу вам из Кракова, где сегодня тёплый день, и гуляю у реки.</p>"
                ),
                "{html}"
            );
        }
    }

    #[test]
    fn escapes_markup_and_quotes() {
        assert_eq!(
            escape("<b>\"Tom\" & 'Jerry'</b>"),
            "&lt;b&gt;&quot;Tom&quot; &amp; &#39;Jerry&#39;&lt;/b&gt;"
        );
        assert_eq!(escape("Алесь №4"), "Алесь №4");
    }
}
