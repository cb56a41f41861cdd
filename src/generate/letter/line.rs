//! The manifest line of a letter, written directly: the same bytes as serializing the
//! [`ManifestEntry`](crate::manifest::ManifestEntry) with serde_json, without escaping byte
//! by byte the strings that need no escaping (almost all of them).

use super::{Letter, PartyRef};

impl Letter<'_> {
    /// Appends the manifest line (the entry as JSON and a line break) to `out`.
    pub fn push_manifest_line(&self, out: &mut Vec<u8>) {
        out.push(b'{');
        field(out, "id", &self.id);
        field(out, "template", self.template);
        field(out, "kind", self.kind.as_str());
        field(out, "language", self.language);
        field(out, "case", self.case);
        field(out, "prisoner", self.prisoner);
        out.extend_from_slice(b"\"recipient\":");
        party(out, &self.recipient);
        out.extend_from_slice(b",\"sender\":");
        party(out, &self.sender);
        out.push(b',');
        field(out, "channel", self.channel.as_str());
        field(out, "subject", &self.subject);
        out.extend_from_slice(b"\"path\":");
        string(out, &self.path);
        if let Some(path) = &self.html_path {
            out.extend_from_slice(b",\"html_path\":");
            string(out, path);
        }
        if let Some(path) = &self.translation_path {
            out.extend_from_slice(b",\"translation_path\":");
            string(out, path);
        }
        out.extend_from_slice(b"}\n");
    }
}

fn party(out: &mut Vec<u8>, p: &PartyRef<'_>) {
    out.push(b'{');
    field(out, "id", p.id);
    field(out, "role", p.role.as_str());
    field(out, "name", p.name);
    if let Some(email) = p.email {
        field(out, "email", email);
    }
    out.extend_from_slice(b"\"country\":");
    string(out, p.country);
    out.push(b'}');
}

/// `"key":"value",` (keys are plain identifiers).
fn field(out: &mut Vec<u8>, key: &str, value: &str) {
    out.push(b'"');
    out.extend_from_slice(key.as_bytes());
    out.extend_from_slice(b"\":");
    string(out, value);
    out.push(b',');
}

/// A JSON string. serde_json escapes only `"`, `\` and control characters below U+0020; a
/// string with none is copied as it is, any other is left to serde_json.
fn string(out: &mut Vec<u8>, s: &str) {
    let plain = !s.bytes().fold(false, |any, b| {
        any | (b < 0x20) | (b == b'"') | (b == b'\\')
    });
    if plain {
        out.push(b'"');
        out.extend_from_slice(s.as_bytes());
        out.push(b'"');
    } else {
        // Writing a string into a Vec cannot fail.
        let _ = serde_json::to_writer(&mut *out, s);
    }
}
