//! Tests of the table reader.
