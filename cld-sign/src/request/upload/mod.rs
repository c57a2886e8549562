//! Upload API values and requests (see `cld_sign::request`): sign what is sent, for every
//! documented upload parameter.
//!
//! # The rule
//!
//! Upload options become text (see `cld_sign::request::upload`), then the request rule (`cld_sign::request`) applies (empty text dropped, `&` →
//! `%26` under signature version 2, sorted by name):
//!
//! | name | text |
//! |---|---|
//! | `tags`, `allowed_formats` | items joined with `,` |
//! | `context`, `metadata` | `esc(key)=esc(value)` joined with `\|`; `esc` puts a backslash before every `=` and `\|`; a metadata list value is JSON text |
//! | `eager` | transformations joined with `\|`, each plus `/format` when it has one |
//! | `face_coordinates`, `custom_coordinates` | `x,y,w,h` rectangles joined with `\|` |
//! | `access_control`, `responsive_breakpoints` | JSON text of a list of objects (one object is a one-item list; `[]` dropped) |
//! | `regions`, `auto_transcription` | JSON text of an object or list; other values as plain values |
//! | `transformation` | text, as is |
//! | any other name | a plain value (see `cld_sign::request`); a list is signed `,`-joined and sent as one `name[]` field per item |
//!
//! JSON text is Python's `json.dumps(v, separators=(",", ":"))`: compact, ASCII only
//! (`\u00e9`), members in their given order (see `cld_sign::request::upload`). What is sent (see `cld_sign::request::upload`) is
//! every signed pair with exactly its signed text, plus `api_key` and `signature` (and
//! `file`); never `signature_algorithm`.
//!
//! # Example
//!
//! The upload-value rule's example (secret `abcd`, api key `1234`, timestamp 1315060510), typed:
//!
//! ```
//! use cld_sign::request::upload::{Context, Coordinates, Eager, EagerTransformation, JsonList, Rect, UploadParams};
//! use cld_sign::{ApiSecret, Signer, Timestamp};
//!
//! let params = UploadParams::default()
//!     .with_public_id("sample_image")
//!     .with_tags(["a", "b"])
//!     .with_context(Context::new().with("alt", "x=y").with("caption", "a|b"))
//!     .with_eager(Eager::new()
//!         .with("w_400,h_300,c_pad")
//!         .with(EagerTransformation::new("w_260,h_200,c_crop").with_format("png")))
//!     .with_face_coordinates(Coordinates::from([Rect::new(10, 20, 30, 40), Rect::new(50, 60, 70, 80)]))
//!     .with_access_control(JsonList::new(serde_json::json!(
//!         {"access_type": "anonymous", "start": "2024-01-01T00:00:00Z"}
//!     ))?)
//!     .with_overwrite(true)
//!     .with_categorization(["google_tagging", "imagga_tagging"]);
//! let signer = Signer::new(ApiSecret::new("abcd")?);
//! let form = params.sign_at(&signer, "1234", Timestamp::from_secs(1315060510));
//! assert_eq!(
//!     form.string_to_sign(),
//!     concat!(
//!         r#"access_control=[{"access_type":"anonymous","start":"2024-01-01T00:00:00Z"}]"#,
//!         "&categorization=google_tagging,imagga_tagging",
//!         r"&context=alt=x\=y|caption=a\|b",
//!         "&eager=w_400,h_300,c_pad|w_260,h_200,c_crop/png",
//!         "&face_coordinates=10,20,30,40|50,60,70,80",
//!         "&overwrite=true&public_id=sample_image&tags=a,b&timestamp=1315060510",
//!     )
//! );
//! assert_eq!(form.signature().to_string(), "da1b83fd281440a18aa439b3d88197c5400cfd71");
//! let fields: Vec<_> = form.fields().collect();
//! assert_eq!(&fields[2..4], [("categorization[]", "google_tagging"), ("categorization[]", "imagga_tagging")]);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Ways in
//!
//! - [`UploadParams`]: every documented parameter as a typed optional field, signed by
//!   `#[derive(Signable)]` with no allocation; [`UPLOAD_PARAMETERS`] lists their names.
//! - The value types on their own, in your own derived struct: [`Context`], [`Metadata`],
//!   [`Eager`], [`Coordinates`], [`Json`], [`JsonList`], [`DeliveryType`], [`AccessMode`].
//!   Each prints and parses its wire text.
//! - [`UploadOptions`]: SDK-style options as a JSON object (the dynamic path).

mod context;
mod coordinates;
mod de;
pub(crate) mod eager;
mod json_value;
mod kinds;
mod options;
#[cfg(feature = "derive")]
mod request;

pub use self::context::{Context, Metadata, MetadataValue};
pub use self::coordinates::{Coordinates, Rect};
pub use self::eager::{Eager, EagerTransformation};
pub use self::json_value::{Json, JsonList};
pub use self::kinds::{AccessMode, DeliveryType, ResourceType};
pub use self::options::UploadOptions;
#[cfg(feature = "derive")]
#[cfg_attr(docsrs, doc(cfg(feature = "derive")))]
pub use self::request::{UPLOAD_PARAMETERS, UploadParams, is_upload_parameter};
pub use super::form::SignedUploadForm;

#[allow(unused_imports)]
// Used by the download URLs' `transformations` (see `cld_sign::download`).
pub(crate) use self::eager::eager_text;
