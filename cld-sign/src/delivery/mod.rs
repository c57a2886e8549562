//! Delivery URL signatures (`s--…--`) and authentication tokens (SPEC §3, §5).
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
//! - Verifying parses the URL ([`SignedUrl`]), recomputes and compares in constant time. A
//!   `v<digits>` segment right before the public ID is the version and is not signed; since
//!   a public ID may itself start with such a segment, the verifier tries without it first,
//!   then with it.
//!
//! ```
//! use cld_sign::delivery::{DeliveryUrl, UrlSignatureKind};
//! use cld_sign::{ApiSecret, Signer};
//!
//! let signer = Signer::new(ApiSecret::new("abcd")?);
//! assert_eq!(signer.url_signature("sample", UrlSignatureKind::Short).to_string(), "s--y-tjJGJv--");
//! let url = DeliveryUrl::new("demo", "sample")
//!     .transformation("c_fill,h_150,w_100")
//!     .sign(&signer);
//! assert_eq!(url, "https://res.cloudinary.com/demo/image/upload/s--UhxSFlP8--/c_fill,h_150,w_100/sample");
//! signer.verify_delivery_url(&url)?;
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
mod signed_url;
mod token;
mod url_signature;

pub use self::builder::{DELIVERY_HOST, DeliveryUrl, escape_public_id};
pub use self::signed_url::SignedUrl;
pub use self::token::{
    AuthToken, DEFAULT_TOKEN_NAME, Expiry, Token, TokenKey, TokenOptions, TokenTarget,
    VerifiedToken,
};
pub use self::url_signature::{UrlSignature, UrlSignatureKind};
