//! Delivery URL signatures (`s--…--`) in every URL form, and authentication tokens (SPEC §3,
//! §3.1, §5).
//!
//! # The rule: signed delivery URLs
//!
//! `https://res.cloudinary.com/<cloud>/<resource_type>/<type>/s--SIG--/<transformation>/v<version>/<public_id>.<format>`
//!
//! - to_sign = the path after the signature component **without** the version component:
//!   the transformation (if any), `/`, the public ID as it appears in the URL (escaped), and
//!   `.format` if any. Not signed: version, host, cloud name, resource type, delivery type,
//!   query, SEO suffix.
//! - SIG = URL-safe base64 (`-`, `_`, no padding) of HASH(to_sign ++ secret), first 8
//!   characters (the signer's algorithm); a **long** signature is always SHA-256, first 32
//!   characters ([`UrlSignatureKind`]).
//! - The public ID in the URL is percent-decoded once, then every byte of its UTF-8 outside
//!   `A-Z a-z 0-9 - _ . / :` is percent-encoded with upper-case hex ([`escape_public_id`]).
//! - A builder outputs exactly the parts it is given: the version component appears only
//!   when a version is given.
//! - Verifying parses the URL ([`SignedUrl`]), recomputes and compares in constant time. A
//!   segment `v<digits>` right before the public ID is a version, and not signed; because a
//!   public ID may itself start with such a segment, a verifier tries without it first, then
//!   with it. Only a version in the version's place may be removed: a `v<digits>` segment
//!   that is not the last, and before which (after the signature) stand only transformation
//!   segments. A transformation segment is one whose comma-separated items each begin with
//!   one to three lower-case ASCII letters, or `$` and letters/digits (a user variable),
//!   followed by `_` (`c_fill,h_150`, `l_text:Arial_40:Hi`, `t_named`, `$w_100`). So
//!   `…/s--X--/folder/v7/sample.jpg` is never read as `folder/sample.jpg`. A verifier says
//!   which reading matched ([`VerifiedDeliveryUrl`]: transformation, version, public ID,
//!   format), so that a server serves what was signed.
//!
//! # The rule: URL forms (SPEC §3.1)
//!
//! The signature component is the first path segment of the form `s--<8 or 32 URL-safe
//! base64 chars>--`. What precedes it is not signed and takes one of these forms;
//! [`DeliveryUrl`] outputs each on request, and the verifier accepts them all
//! (pycloudinary's `cloudinary_url` options in brackets):
//! - default: `https://res.cloudinary.com/<cloud>/<resource_type>/<type>/s--SIG--/…`;
//! - shortened \[`shorten`\], image/upload only: `/<cloud>/iu/s--SIG--/…`;
//! - SEO suffix \[`url_suffix`\]: the public ID is followed by `/<suffix>` and then the
//!   `.format`: `/<cloud>/images/s--SIG--/<transformation>/v<ver>/<public_id>/<suffix>.<format>`
//!   for image/upload, `/<cloud>/files/s--SIG--/…/<public_id>/<suffix>` for raw/upload (no
//!   other pair takes a suffix). The suffix is non-empty, holds no `.` or `/`, is written as
//!   given, and is **not signed**: to_sign is the same as without it
//!   (`<transformation>/<public_id>.<format>`);
//! - root path \[`use_root_path`\], image/upload only: `/<cloud>/s--SIG--/…`, with or without a
//!   suffix (then no `images` segment);
//! - hosts: private CDN \[`private_cdn`\] `https://<cloud>-res.cloudinary.com/<resource_type>/<type>/…`
//!   (no cloud segment); a custom host \[`secure_distribution`, `cname`\] replaces
//!   `res.cloudinary.com`, the cloud segment stays. The scheme is `https`.
//!
//! Verifying: take the URL text as given (no decoding; the query and fragment are ignored),
//! find the signature segment, and form the candidates for to_sign from the rest of the
//! path: the rest itself; the rest without the version segment (only in the version's
//! place); and, when the segment before the signature is `images` or `files`, or the
//! signature segment directly follows the first segment (root path), each of those with its
//! last segment read as a suffix (`images`/root: `…/<public_id>/<suffix>.<format>` →
//! `…/<public_id>.<format>`; `files`: the last segment dropped). The URL is valid when one
//! candidate's signature matches, compared in constant time. Every URL the builder prints
//! verifies (a round trip over every input the builder accepts, raw transformations with
//! spaces included); combinations SPEC §3.1 does not describe (shortened with a root path
//! or a suffix, a private CDN with a root path or a custom host) are refused with
//! [`Error::UnsupportedUrlForm`](crate::Error::UnsupportedUrlForm).
//!
//! ```
//! use cld_sign::delivery::{DeliveryUrl, UrlSignatureKind};
//! use cld_sign::{ApiSecret, Signer};
//!
//! let signer = Signer::new(ApiSecret::new("abcd")?);
//! assert_eq!(signer.url_signature("sample", UrlSignatureKind::Short).to_string(), "s--y-tjJGJv--");
//! let url = DeliveryUrl::new("demo", "sample")
//!     .transformation("c_fill,h_150,w_100")
//!     .sign(&signer)?;
//! assert_eq!(url, "https://res.cloudinary.com/demo/image/upload/s--UhxSFlP8--/c_fill,h_150,w_100/sample");
//! signer.verify_delivery_url(url.as_str())?;
//!
//! // §3.1: the root path form with an SEO suffix; the suffix is not signed.
//! let url = DeliveryUrl::new("demo", "dots.in.name")
//!     .transformation("c_fill,h_150,w_100/e_sepia")
//!     .version(7)
//!     .format("jpg")
//!     .url_suffix("Spring2024")
//!     .use_root_path(true)
//!     .sign(&signer)?;
//! assert_eq!(
//!     url,
//!     "https://res.cloudinary.com/demo/s--UPdRx01W--/c_fill,h_150,w_100/e_sepia/v7/dots.in.name/Spring2024.jpg"
//! );
//! let reading = signer.verify_delivery_url(url.as_str())?;
//! assert_eq!(reading.signed_path(), "c_fill,h_150,w_100/e_sepia/dots.in.name.jpg");
//! assert_eq!((reading.version(), reading.suffix()), (Some("7"), Some("Spring2024")));
//!
//! // §3: `folder` is not a transformation segment, so `v7` is not a version here.
//! let forged = signer.url_signature("c_fill,h_150,w_100/folder/sample.jpg", UrlSignatureKind::Short);
//! let url = format!("https://res.cloudinary.com/demo/image/upload/{forged}/c_fill,h_150,w_100/folder/v7/sample.jpg");
//! assert!(signer.verify_delivery_url(&url).is_err());
//! # Ok::<(), cld_sign::Error>(())
//! ```
//!
//! # The rule: authentication tokens
//!
//! `__cld_token__=[ip=<ip>~][st=<start>~]exp=<expiry>[~acl=<escaped acl>]~hmac=<hex>`: hmac =
//! HMAC-SHA256, keyed with the hex-decoded token key, over the same parts joined by `~`
//! (without `hmac`), plus `~url=<escaped url>` only when no ACL is given. Escaping
//! percent-encodes with lower-case hex exactly space `"` `#` `%` `&` `'` `/` `:` `;` `<` `=`
//! `>` `?` `@` `[` `\` `]` `^` `` ` `` `{` `|` `}` `~`. Several ACLs are joined with `!`.
//! `exp` is the expiration, or start + duration.
//!
//! ```
//! use std::time::Duration;
//! use cld_sign::delivery::{AuthToken, Expiry, TokenKey};
//! use cld_sign::Timestamp;
//!
//! let key: TokenKey = "00112233FF99".parse()?;
//! let grant = AuthToken::for_acl("/image/*", Expiry::After(Duration::from_secs(300)))
//!     .start_time(Timestamp::from_secs(1111111111))?;
//! let token = key.generate(&grant, Timestamp::from_secs(1111111111))?;
//! assert_eq!(
//!     token.to_string(),
//!     "__cld_token__=st=1111111111~exp=1111111411~acl=%2fimage%2f*~hmac=1751370bcc6cfe9e03f30dd1a9722ba0f2cdca283fa3e6df3342a00a7528cc51"
//! );
//! # Ok::<(), cld_sign::Error>(())
//! ```

mod builder;
mod segments;
mod signed_delivery_url;
mod signed_url;
mod token;
mod url_signature;
mod verified_url;
mod verify;

pub use self::builder::{DELIVERY_HOST, DeliveryUrl, escape_public_id};
pub use self::signed_delivery_url::SignedDeliveryUrl;
pub use self::signed_url::SignedUrl;
pub use self::token::{
    AuthToken, DEFAULT_TOKEN_NAME, Expiry, Token, TokenKey, TokenOptions, TokenTarget,
    VerifiedToken,
};
pub use self::url_signature::{UrlSignature, UrlSignatureKind};
pub use self::verified_url::VerifiedDeliveryUrl;
