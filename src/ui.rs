//! Terminal output: colour only on a terminal without `NO_COLOR`, progress bars on stderr.

use std::io::IsTerminal;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// True when stderr is a terminal and `NO_COLOR` is unset or empty.
pub fn color_enabled() -> bool {
    std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()) && std::io::stderr().is_terminal()
}

/// Paints `text` with an ANSI colour code when colour is enabled.
pub fn paint(text: &str, ansi: &str) -> String {
    if color_enabled() {
        format!("\x1b[{ansi}m{text}\x1b[0m")
    } else {
        text.to_string()
    }
}

/// A progress bar on stderr for `len` items; hidden when `quiet` or stderr is not a terminal.
pub fn progress(len: u64, what: &str, quiet: bool) -> ProgressBar {
    if quiet || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(Some(len), ProgressDrawTarget::stderr());
    let template = if color_enabled() {
        "{spinner:.green} {msg} [{bar:30.cyan/blue}] {human_pos}/{human_len} ({per_sec}, eta {eta})"
    } else {
        "{msg} [{bar:30}] {human_pos}/{human_len} ({per_sec}, eta {eta})"
    };
    let style = ProgressStyle::with_template(template)
        .unwrap_or_else(|_| ProgressStyle::default_bar())
        .progress_chars("=> ");
    bar.set_style(style);
    bar.set_message(what.to_string());
    bar
}

/// Writes to standard output like `print!`, without `print!`'s panic when the reader has gone
/// (`marathon send | head`): the work is done and recorded whatever stdout can still take,
/// so a closed pipe is passed over and any other write error is said on stderr.
pub fn write_out(args: std::fmt::Arguments<'_>) {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    if let Err(e) = out.write_fmt(args).and_then(|()| out.flush())
        && e.kind() != std::io::ErrorKind::BrokenPipe
    {
        eprintln!("warning: cannot write to standard output: {e}");
    }
}

/// `print!` through [`write_out`]: no panic on a closed pipe.
#[macro_export]
macro_rules! out {
    ($($arg:tt)*) => { $crate::ui::write_out(format_args!($($arg)*)) };
}

/// `println!` through [`write_out`]: no panic on a closed pipe.
#[macro_export]
macro_rules! outln {
    () => { $crate::ui::write_out(format_args!("\n")) };
    ($($arg:tt)*) => { $crate::ui::write_out(format_args!("{}\n", format_args!($($arg)*))) };
}
