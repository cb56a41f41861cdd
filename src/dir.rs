//! An open folder: files opened, created and linked relative to it, so that a run touching
//! thousands of files in one folder walks its path once (where the system has `openat`).

#[cfg(unix)]
pub use unix::Handle;

#[cfg(not(unix))]
pub use portable::Handle;

/// Folders as open file descriptors, files opened relative to them.
#[cfg(unix)]
mod unix {
    use std::fs::File;
    use std::os::fd::OwnedFd;
    use std::path::{Path, PathBuf};

    use anyhow::{Context, Result};
    use rustix::fs::{AtFlags, Mode, OFlags};

    /// An open folder.
    #[derive(Debug)]
    pub struct Handle {
        fd: OwnedFd,
        path: PathBuf,
    }

    impl Handle {
        /// Opens the folder at `path`.
        pub fn open(path: &Path) -> Result<Self> {
            let flags = OFlags::RDONLY | OFlags::DIRECTORY | OFlags::CLOEXEC;
            let fd = rustix::fs::open(path, flags, Mode::empty())
                .with_context(|| format!("cannot open `{}`", path.display()))?;
            Ok(Self {
                fd,
                path: path.to_path_buf(),
            })
        }

        /// The folder's path, for messages.
        pub fn path(&self) -> &Path {
            &self.path
        }

        /// Opens the file `name` (a path relative to this folder) for reading.
        pub fn open_file(&self, name: &str) -> std::io::Result<File> {
            let flags = OFlags::RDONLY | OFlags::CLOEXEC;
            Ok(rustix::fs::openat(&self.fd, name, flags, Mode::empty())?.into())
        }

        /// Creates the file `name` in this folder for writing; it must not exist.
        pub fn create_file(&self, name: &str) -> std::io::Result<File> {
            let flags = OFlags::WRONLY | OFlags::CREATE | OFlags::EXCL | OFlags::CLOEXEC;
            // The same permissions as `std::fs::write`: 0666 less the umask.
            let mode = Mode::from_raw_mode(0o666);
            Ok(rustix::fs::openat(&self.fd, name, flags, mode)?.into())
        }

        /// Links the file `name` of this folder as `name` in `to`.
        pub fn link(&self, name: &str, to: &Handle) -> std::io::Result<()> {
            Ok(rustix::fs::linkat(
                &self.fd,
                name,
                &to.fd,
                name,
                AtFlags::empty(),
            )?)
        }
    }
}

/// Folders as paths, for systems without `openat`.
#[cfg(not(unix))]
mod portable {
    use std::fs::File;
    use std::path::{Path, PathBuf};

    use anyhow::{Result, bail};

    /// A folder.
    #[derive(Debug)]
    pub struct Handle {
        path: PathBuf,
    }

    impl Handle {
        /// The folder at `path`, which must exist.
        pub fn open(path: &Path) -> Result<Self> {
            if !path.is_dir() {
                bail!("cannot open `{}`: not a folder", path.display());
            }
            Ok(Self {
                path: path.to_path_buf(),
            })
        }

        /// The folder's path, for messages.
        pub fn path(&self) -> &Path {
            &self.path
        }

        /// Opens the file `name` in this folder for reading.
        pub fn open_file(&self, name: &str) -> std::io::Result<File> {
            File::open(self.path.join(name))
        }

        /// Creates the file `name` in this folder for writing; it must not exist.
        pub fn create_file(&self, name: &str) -> std::io::Result<File> {
            File::create_new(self.path.join(name))
        }

        /// Links the file `name` of this folder as `name` in `to`.
        pub fn link(&self, name: &str, to: &Handle) -> std::io::Result<()> {
            std::fs::hard_link(self.path.join(name), to.path.join(name))
        }
    }
}
