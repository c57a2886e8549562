//! The closed sets of the Upload API: delivery `type`, `access_mode`, `resource_type`.

use std::fmt;
use std::str::FromStr;

use crate::error::Error;
use crate::request::value::SignValue;
use crate::request::value_writer::ValueWriter;
use crate::sink::Sink;

macro_rules! closed_set {
    ($(#[$doc:meta])* $name:ident, $param:literal { $($(#[$vdoc:meta])* $variant:ident = $text:literal,)* }) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum $name {
            $($(#[$vdoc])* $variant,)*
        }

        impl $name {
            /// Every value, in documentation order.
            pub const ALL: &'static [$name] = &[$($name::$variant),*];

            /// The wire text.
            pub const fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $text,)*
                }
            }
        }

        impl SignValue for $name {
            #[inline]
            fn write_value<S: Sink + ?Sized>(&self, out: &mut ValueWriter<'_, S>) {
                out.write_str(self.as_str());
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        /// Reads the wire text.
        ///
        /// # Errors
        /// [`Error::UnsupportedValue`] for text outside the set.
        impl FromStr for $name {
            type Err = Error;

            fn from_str(text: &str) -> Result<Self, Error> {
                match text {
                    $($text => Ok($name::$variant),)*
                    other => Err(Error::UnsupportedValue {
                        name: $param.to_owned(),
                        found: format!("`{other}` (not one of the documented values)"),
                    }),
                }
            }
        }
    };
}

closed_set! {
    /// The delivery type (`type`): who may deliver the asset.
    DeliveryType, "type" {
        /// Public (the default).
        Upload = "upload",
        /// Original needs a signed URL; derived assets are public.
        Private = "private",
        /// Every delivery needs a signed URL or a token.
        Authenticated = "authenticated",
    }
}

closed_set! {
    /// `access_mode` (legacy; prefer `access_control`).
    AccessMode, "access_mode" {
        /// Anyone may access the asset.
        Public = "public",
        /// Access needs a signed URL or a token.
        Authenticated = "authenticated",
    }
}

closed_set! {
    /// The resource type: chooses the endpoint path (`/v1_1/<cloud>/<resource_type>/upload`);
    /// never signed, not a form field (see `cld_sign::request`).
    ResourceType, "resource_type" {
        /// Let Cloudinary decide (the endpoint default of the SDKs).
        Auto = "auto",
        /// Images (and PDFs).
        Image = "image",
        /// Video and audio.
        Video = "video",
        /// Any other file.
        Raw = "raw",
    }
}
