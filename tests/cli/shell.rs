//! `marathon completions` and `marathon man`: scripts a shell accepts and completes with, and
//! manual pages for every subcommand.

use std::process::Command;

use crate::support::Workspace;

const SUBCOMMANDS: [&str; 13] = [
    "init",
    "check",
    "generate",
    "preview",
    "import",
    "record",
    "tally",
    "assign",
    "pack",
    "send",
    "status",
    "completions",
    "man",
];

#[test]
fn completion_scripts_name_every_subcommand() {
    // Outside any workspace: completions need no campaign.
    let ws = Workspace::empty();
    for shell in ["bash", "zsh", "fish", "powershell"] {
        let script = ws.ok(&["completions", shell]);
        for sub in SUBCOMMANDS {
            assert!(script.contains(sub), "{shell}: `{sub}` missing");
        }
        assert!(script.contains("resend-in-doubt"), "{shell}");
    }
    let err = ws.fails(&["completions", "tcsh"], 2);
    assert!(
        err.contains("possible values: bash, zsh, fish, powershell"),
        "{err}"
    );
}

#[test]
fn bash_sources_the_completion_script_and_completes_with_it() {
    let ws = Workspace::empty();
    ws.write("marathon.bash", ws.ok(&["completions", "bash"]));
    let syntax = Command::new("bash")
        .args(["-n", "marathon.bash"])
        .current_dir(ws.path())
        .output()
        .unwrap();
    assert!(
        syntax.status.success(),
        "{}",
        String::from_utf8_lossy(&syntax.stderr)
    );
    // What bash does on `marathon st<TAB>` and `marathon send --re<TAB>`.
    let run = |words: &str| {
        let out = Command::new("bash")
            .arg("-c")
            .arg(format!(
                "source marathon.bash && complete -p marathon >/dev/null && \
                 COMP_WORDS=({words}) && COMP_CWORD=$((${{#COMP_WORDS[@]}} - 1)) && \
                 COMP_LINE=\"${{COMP_WORDS[*]}}\" && COMP_POINT=${{#COMP_LINE}} && \
                 _marathon marathon \"${{COMP_WORDS[COMP_CWORD]}}\" \"${{COMP_WORDS[COMP_CWORD-1]}}\" && \
                 printf '%s\\n' \"${{COMPREPLY[@]}}\""
            ))
            .current_dir(ws.path())
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    };
    let subs = run("marathon st");
    assert_eq!(subs.lines().collect::<Vec<_>>(), ["status"], "{subs}");
    let flags = run("marathon send --re");
    assert!(flags.lines().any(|l| l == "--resend-in-doubt"), "{flags}");
    assert!(flags.lines().any(|l| l == "--retry-failed"), "{flags}");
}

#[test]
fn man_pages_describe_marathon_and_each_subcommand() {
    let ws = Workspace::empty();
    let page = ws.ok(&["man"]);
    assert!(page.contains(".TH marathon 1"), "{page}");
    for sub in SUBCOMMANDS {
        assert!(
            page.contains(&format!("marathon\\-{sub}")),
            "`{sub}` missing"
        );
    }
    ws.ok(&["man", "--dir", "man/man1"]);
    for sub in SUBCOMMANDS {
        let sub_page = ws.read(&format!("man/man1/marathon-{sub}.1"));
        assert!(
            sub_page.contains(&format!(".TH marathon-{sub} 1")),
            "{sub}: {sub_page}"
        );
    }
    let send = ws.read("man/man1/marathon-send.1");
    assert!(send.contains("resend\\-in\\-doubt"), "{send}");
    assert!(ws.read("man/man1/marathon.1").contains(".TH marathon 1"));
}
