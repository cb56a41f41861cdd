//! The file system's own floor for `marathon generate`: creates N files of 1 KB in one new
//! folder with T threads and nothing else (no rendering, no manifest), the way the letters
//! are written (open relative to the folder, write, close), and prints the time taken.
//!
//! Built by `bench/generate.sh` with `rustc -O`; std only.
//!
//! usage: fs-floor DIR N [THREADS]   (DIR must not exist; the files are left for the caller
//! to delete when nothing is being timed)

use std::fs::File;
use std::path::Path;
use std::time::Instant;

#[cfg(target_os = "linux")]
mod create {
    use std::ffi::CString;
    use std::fs::File;
    use std::io::Write;
    use std::os::fd::{AsRawFd, FromRawFd};
    use std::path::Path;

    unsafe extern "C" {
        fn openat(dirfd: i32, path: *const std::ffi::c_char, flags: i32, mode: u32) -> i32;
    }
    const O_WRONLY: i32 = 0o1;
    const O_CREAT: i32 = 0o100;
    const O_TRUNC: i32 = 0o1000;
    const O_CLOEXEC: i32 = 0o2000000;

    /// Creates `name` in the folder open as `dir` and writes `bytes` into it.
    pub fn write(dir: &File, _dir_path: &Path, name: &str, bytes: &[u8]) -> std::io::Result<()> {
        let name = CString::new(name)?;
        // SAFETY: both pointers are valid for the call; the fd returned is owned by `file`.
        let fd = unsafe {
            openat(
                dir.as_raw_fd(),
                name.as_ptr(),
                O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC,
                0o644,
            )
        };
        if fd < 0 {
            return Err(std::io::Error::last_os_error());
        }
        // SAFETY: `fd` was just opened and is owned by nothing else.
        let mut file = unsafe { File::from_raw_fd(fd) };
        file.write_all(bytes)
    }
}

#[cfg(not(target_os = "linux"))]
mod create {
    use std::fs::File;
    use std::path::Path;

    /// Creates `name` in `dir_path` and writes `bytes` into it.
    pub fn write(_dir: &File, dir_path: &Path, name: &str, bytes: &[u8]) -> std::io::Result<()> {
        std::fs::write(dir_path.join(name), bytes)
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.len() < 3 {
        eprintln!("usage: fs-floor DIR N [THREADS]");
        std::process::exit(2);
    }
    let dir = Path::new(&args[1]);
    let n: usize = args[2].parse().expect("N is a number");
    let threads: usize = args.get(3).map_or(2, |t| t.parse().expect("THREADS is a number"));
    std::fs::create_dir(dir).expect("DIR can be created");
    let folder = File::open(dir).expect("DIR can be opened");
    // About the size of a rendered letter, the same for every file.
    let body = "Здравствуйте! Вы не одни, о вас помнят.\n".repeat(16);
    let body = &body.as_bytes()[..1024];
    let start = Instant::now();
    std::thread::scope(|s| {
        for t in 0..threads {
            let folder = &folder;
            s.spawn(move || {
                let mut name = String::with_capacity(64);
                for i in (t..n).step_by(threads) {
                    name.clear();
                    use std::fmt::Write;
                    let _ = write!(name, "volunteer-name--prisoner-name--{i:016x}.txt");
                    create::write(folder, dir, &name, body).expect("file written");
                }
            });
        }
    });
    let secs = start.elapsed().as_secs_f64();
    println!("{secs:.3}");
}
