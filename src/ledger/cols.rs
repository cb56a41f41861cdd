//! A row of either store read by column index, so that a row type both stores return is read
//! by one function.

/// A column value both stores can read.
pub(super) trait Value:
    rusqlite::types::FromSql + for<'a> postgres::types::FromSql<'a>
{
}

impl<T: rusqlite::types::FromSql + for<'a> postgres::types::FromSql<'a>> Value for T {}

/// A row of either store, its columns read by index.
pub(super) trait Cols {
    /// The store's error for a column it cannot read.
    type Error;

    /// Column `i` as a `T`.
    fn col<T: Value>(&self, i: usize) -> Result<T, Self::Error>;
}

impl Cols for rusqlite::Row<'_> {
    type Error = rusqlite::Error;

    fn col<T: Value>(&self, i: usize) -> Result<T, rusqlite::Error> {
        self.get(i)
    }
}

impl Cols for postgres::Row {
    type Error = postgres::Error;

    fn col<T: Value>(&self, i: usize) -> Result<T, postgres::Error> {
        self.try_get(i)
    }
}
