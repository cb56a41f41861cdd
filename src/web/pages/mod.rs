//! The HTML pages, rendered on the server with maud (escaped by default): the shared layout,
//! the campaign page, the embeddable counter and the error pages.

pub mod chart;
pub mod embed;
pub mod errors;
pub mod home;
pub mod layout;

pub use layout::Cx;
