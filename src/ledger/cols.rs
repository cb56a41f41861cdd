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

    /// The error for column `i`, read but not what it should be (`why`).
    fn bad(&self, i: usize, why: String) -> Self::Error;
}

impl Cols for rusqlite::Row<'_> {
    type Error = rusqlite::Error;

    fn col<T: Value>(&self, i: usize) -> Result<T, rusqlite::Error> {
        self.get(i)
    }

    fn bad(&self, i: usize, why: String) -> rusqlite::Error {
        rusqlite::Error::FromSqlConversionFailure(i, rusqlite::types::Type::Text, why.into())
    }
}

impl Cols for postgres::Row {
    type Error = anyhow::Error;

    fn col<T: Value>(&self, i: usize) -> anyhow::Result<T> {
        Ok(self.try_get(i)?)
    }

    fn bad(&self, _: usize, why: String) -> anyhow::Error {
        anyhow::anyhow!(why)
    }
}
