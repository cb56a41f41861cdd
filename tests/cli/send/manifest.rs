//! `send` over manifests that are not a plain list of email letters: post letters, blank lines
//! and Windows line ends between them, and an id listed twice.

use marathon::manifest::{Channel, write_entry};

use super::fixture::{Fixture, letter, plain_smtp};
use super::{ledger_states, server_counts};
use crate::mailserver::{MailServer, ServerOptions};

// Letters are read again by their place in the manifest when they are sent: a post letter,
// blank lines and CRLF line ends between them must not shift which letter goes to whom.
#[test]
fn letters_read_again_by_place_reach_their_own_recipients() {
    let server = MailServer::start(ServerOptions::new());
    let mut letters: Vec<_> = (0..6).map(letter).collect();
    letters[2].channel = Channel::Post;
    let fx = Fixture::with_letters(letters.clone(), &plain_smtp(server.port()));
    let mut text = Vec::new();
    for (i, l) in letters.iter().enumerate() {
        write_entry(&mut text, l).unwrap();
        text.pop();
        text.extend_from_slice(if i % 2 == 0 { b"\r\n\n" } else { b"\n  \n" });
    }
    fx.ws.write("letters/manifest.jsonl", text);
    let plan = fx.ws.ok(&["send"]);
    assert!(plan.contains("5 email letters in the manifest"), "{plan}");
    fx.ws.ok(&["send", "--yes", "--limit", "2"]);
    fx.ws.ok(&["send", "--yes"]);
    let index = server.index();
    assert_eq!(index.len(), 5);
    for e in &index {
        let message_id = e.message_id.as_deref().unwrap_or_default();
        let (id, _) = message_id.split_once('.').unwrap();
        let i = usize::from_str_radix(id, 16).unwrap();
        assert_ne!(i, 2, "the post letter was emailed");
        assert_eq!(e.rcpt_tos, vec![format!("official{i}@example.org")]);
    }
    assert!(server_counts(&server).values().all(|&n| n == 1));
    assert_eq!(ledger_states(&fx.ws).len(), 5);
}

// An id listed twice among the letters to send would be sent twice: the run stops before
// anything is sent. Once one copy is delivered, the other is done too and nothing stops.
#[test]
fn an_id_listed_twice_stops_the_run_before_anything_is_sent() {
    let server = MailServer::start(ServerOptions::new());
    let fx = Fixture::with_letters(
        vec![letter(0), letter(1), letter(0)],
        &plain_smtp(server.port()),
    );
    let err = fx.ws.fails(&["send", "--yes"], 2);
    assert!(
        err.contains("letter `0000000000000000` is listed twice"),
        "{err}"
    );
    assert!(server.index().is_empty());
    assert!(ledger_states(&fx.ws).is_empty());
    fx.ws.ok(&["send", "--yes", "--limit", "1"]);
    fx.ws.ok(&["send", "--yes"]);
    let counts = server_counts(&server);
    assert_eq!(counts.len(), 2);
    assert!(counts.values().all(|&n| n == 1), "{counts:?}");
}
