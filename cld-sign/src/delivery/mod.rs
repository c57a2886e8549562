//! Delivery URL signatures (`s--…--`) in every URL form, and authentication tokens: their
//! rules, stated below.
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
//! - Verifying ([`DeliveryUrlVerifier`]) parses the URL ([`ReceivedDeliveryUrl`]), recomputes and compares in constant time. A
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
//! # Paths no SDK signs
//!
//! Every scheme hashes `text ++ api_secret` with the same secret, so a signature made for
//! another scheme can be turned into a URL signature: a request signature's hex digest,
//! re-encoded in base64url and cut to 8 or 32 characters, is the URL signature of the
//! request's string to sign. Used as the path after `s--…--`,
//! `raw_convert=a&timestamp=1700000000&type=x/private/secret_contract.pdf` would read as
//! a transformation and the public ID `private/secret_contract`, format `pdf`.
//!
//! Before comparing, the verifier drops every candidate no SDK can have signed, and when
//! none is left refuses the URL with
//! [`Error::MalformedUrl`](crate::Error::MalformedUrl) and
//! [`UrlProblem::NotSdkSignable`](crate::UrlProblem::NotSdkSignable): a path to sign
//! holding a raw `&` anywhere, or a raw `=` in a segment that is the last one or is not a
//! transformation segment. The evidence, from the SDKs' URL builders:
//!
//! - The path to sign is `<transformation>/<public ID>[.<format>]`: pycloudinary
//!   `cloudinary/utils.py` `cloudinary_url` (`to_sign = "/".join(__compact([transformation,
//!   source_to_sign]))`), cloudinary_npm `lib/utils/index.js` `url` (the same join).
//! - The public ID is escaped first. pycloudinary `finalize_source` calls `smart_escape`,
//!   which percent-encodes every byte outside `a-zA-Z0-9_.-/:`; cloudinary_npm
//!   `finalize_source` uses `encodeURIComponent(decodeURIComponent(source))` with `%3A` and
//!   `%2F` put back, which leaves only `A-Z a-z 0-9 - _ . ! ~ * ' ( ) : /` raw. So `&`,
//!   `=`, `?`, `#`, `+`, `%` (other than as an escape), spaces and control characters are
//!   never raw in the public ID part.
//! - Transformations are generated: text layers are escaped (pycloudinary `process_layer`:
//!   `smart_escape(smart_escape(text, "([,/])"))`; npm: `smart_escape` then
//!   `encodeURIComponent`), conditions and expressions have their operators spelled out
//!   (`normalize_expression`: `&&` → `and`, `=` → `eq`, `!=` → `ne`), fetch layers are
//!   base64 of the URL. pycloudinary's `base64url_encode` keeps the `=` padding
//!   (`l_fetch:aHR0…==`), so `=` can stand in a transformation segment; nothing the SDKs
//!   generate puts a raw `&` there (a raw transformation string is passed through as
//!   written, and this verifier does not take a `&` in one: write `%26`).
//! - `?` and `#` end the path in any URL, and control characters are refused when the URL
//!   is parsed, so neither reaches a path to sign. A space is kept: a raw transformation
//!   may hold one.
//!
//! A request's string to sign always has `timestamp`, so with any other parameter it holds
//! a `&`, and alone (`timestamp=1700000000`) it is one segment with `=`: neither verifies
//! as a URL. The builder refuses the same characters
//! ([`UrlFormProblem::BadCharacter`](crate::UrlFormProblem::BadCharacter)), so every URL it
//! prints still verifies.
//!
//! # The rule: URL forms
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
//! spaces included); combinations the URL-form rule (`cld_sign::delivery`) does not describe (shortened with a root path
//! or a suffix, a private CDN with a root path or a custom host) are refused with
//! [`Error::UnsupportedUrlForm`](crate::Error::UnsupportedUrlForm).
//!
//! ```
//! use cld_sign::delivery::{DeliveryUrl, DeliveryUrlVerifier, UrlSignature, UrlSignatureKind};
//! use cld_sign::{ApiSecret, Signer};
//!
//! let signer = Signer::new(ApiSecret::new("abcd")?);
//! let verifier = DeliveryUrlVerifier::new(signer.clone());
//! assert_eq!(UrlSignature::sign(&signer, "sample", UrlSignatureKind::Short).to_string(), "s--y-tjJGJv--");
//! let url = DeliveryUrl::new("demo", "sample")
//!     .with_transformation("c_fill,h_150,w_100")
//!     .sign(&signer)?;
//! assert_eq!(url, "https://res.cloudinary.com/demo/image/upload/s--UhxSFlP8--/c_fill,h_150,w_100/sample");
//! verifier.verify(url.as_str())?;
//!
//! // The root path form with an SEO suffix; the suffix is not signed.
//! let url = DeliveryUrl::new("demo", "dots.in.name")
//!     .with_transformation("c_fill,h_150,w_100/e_sepia")
//!     .with_version(7)
//!     .with_format("jpg")
//!     .with_url_suffix("Spring2024")
//!     .with_use_root_path(true)
//!     .sign(&signer)?;
//! assert_eq!(
//!     url,
//!     "https://res.cloudinary.com/demo/s--UPdRx01W--/c_fill,h_150,w_100/e_sepia/v7/dots.in.name/Spring2024.jpg"
//! );
//! let reading = verifier.verify(url.as_str())?;
//! assert_eq!(reading.signed_path(), "c_fill,h_150,w_100/e_sepia/dots.in.name.jpg");
//! assert_eq!((reading.version(), reading.suffix()), (Some("7"), Some("Spring2024")));
//!
//! // `folder` is not a transformation segment, so `v7` is not a version here.
//! let forged = UrlSignature::sign(&signer, "c_fill,h_150,w_100/folder/sample.jpg", UrlSignatureKind::Short);
//! let url = format!("https://res.cloudinary.com/demo/image/upload/{forged}/c_fill,h_150,w_100/folder/v7/sample.jpg");
//! assert!(verifier.verify(&url).is_err());
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
//! use cld_sign::delivery::{AuthToken, AuthTokenVerifier, Expiry, TokenKey, TokenTarget};
//! use cld_sign::Timestamp;
//!
//! let key: TokenKey = "00112233FF99".parse()?;
//! let grant = AuthToken::for_acl("/image/*", Expiry::After(Duration::from_secs(300)))?
//!     .with_start_time(Timestamp::from_secs(1111111111))?;
//! let token = grant.sign_at(&key, Timestamp::from_secs(1111111111))?;
//! assert_eq!(
//!     token.to_string(),
//!     "__cld_token__=st=1111111111~exp=1111111411~acl=%2fimage%2f*~hmac=1751370bcc6cfe9e03f30dd1a9722ba0f2cdca283fa3e6df3342a00a7528cc51"
//! );
//! let verified = AuthTokenVerifier::new(key)
//!     .verify_at(token.value(), TokenTarget::Url("/image/upload/sample.jpg"), None, Timestamp::from_secs(1111111200))?;
//! assert_eq!(verified.expiration(), Timestamp::from_secs(1111111411));
//! # Ok::<(), cld_sign::Error>(())
//! ```

mod builder;
mod received_url;
mod segments;
mod signed_delivery_url;
mod token;
mod url_signature;
mod url_token;
mod verified_url;
mod verify;

pub use self::builder::{DELIVERY_HOST, DeliveryUrl, escape_public_id};
pub use self::received_url::ReceivedDeliveryUrl;
pub use self::signed_delivery_url::SignedDeliveryUrl;
pub use self::token::{
    AuthToken, AuthTokenVerifier, DEFAULT_TOKEN_NAME, Expiry, SignedAuthToken, TokenKey,
    TokenOptions, TokenTarget, VerifiedAuthToken, canonical_token_path,
};
pub use self::url_signature::{UrlSignature, UrlSignatureKind};
pub use self::url_token::DeliveryToken;
pub use self::verified_url::VerifiedDeliveryUrl;
pub use self::verify::DeliveryUrlVerifier;
