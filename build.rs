//! Embeds the sample campaign at the repository root (`campaign.toml`, `templates/`,
//! `recipients/`) into the binary, for `marathon init`.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn collect(path: &Path, out: &mut Vec<PathBuf>) {
    let hidden = path
        .file_name()
        .is_some_and(|n| n.to_string_lossy().starts_with('.'));
    if hidden {
        return;
    }
    if path.is_dir() {
        if let Ok(entries) = std::fs::read_dir(path) {
            for entry in entries.flatten() {
                collect(&entry.path(), out);
            }
        }
    } else if path.is_file() {
        out.push(path.to_path_buf());
    }
}

fn main() {
    let root =
        PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    for part in ["campaign.toml", "templates", "recipients"] {
        println!("cargo:rerun-if-changed={part}");
        collect(&root.join(part), &mut files);
    }
    files.sort();
    let mut code = String::from(
        "/// The sample campaign: each file's path inside a workspace and its bytes.\n\
         pub static SAMPLE: &[(&str, &[u8])] = &[\n",
    );
    for file in &files {
        let rel = file.strip_prefix(&root).expect("collected under the root");
        let rel: Vec<String> = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        let _ = writeln!(
            code,
            "    ({:?}, include_bytes!({:?})),",
            rel.join("/"),
            file.display().to_string()
        );
    }
    code.push_str("];\n");
    let out =
        PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("sample.rs");
    std::fs::write(&out, code).expect("OUT_DIR is writable");
}
