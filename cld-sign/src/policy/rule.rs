//! What a signing policy accepts for one parameter name.

use std::fmt;
use std::sync::Arc;

use crate::error::ValueProblem;
use crate::same_text::same_text;

/// The longest value a [`Rule`] accepts unless [`Rule::with_max_len`] says otherwise, in bytes.
pub const DEFAULT_MAX_LEN: usize = 255;

/// What a [`SigningPolicy`](super::SigningPolicy) accepts as the value of one parameter.
///
/// A rule is one of four kinds, then narrowed or widened by its options:
///
/// | constructor | the browser's value must be |
/// |---|---|
/// | [`Rule::text`] | any text |
/// | [`Rule::one_of`] | one of a fixed set |
/// | [`Rule::forced`] | exactly the server's value (else refused); [`Rule::replace`] signs the server's value whatever the browser sent |
/// | [`Rule::prefix`] | text that starts with a prefix (a folder or public ID under the user's own space) |
///
/// Every value is at most [`DEFAULT_MAX_LEN`] bytes ([`Rule::with_max_len`] changes it) and may
/// not contain `/`, `&` or a control character unless the rule allows them
/// ([`Rule::allow_slash`], [`Rule::allow_ampersand`]; a [`Rule::prefix`] allows `/` after
/// its prefix, but no empty, `.` or `..` segment). Control characters are never allowed.
///
/// The four constructors choose the kind; [`Rule::with_max_len`] sets the one setting a
/// rule has; [`Rule::allow_slash`], [`Rule::allow_ampersand`] and [`Rule::replace`] take
/// no value and widen what the kind accepts, so they read as the policy's own verbs
/// (`allow`), not as `with_*` setters.
///
/// ```
/// use cld_sign::policy::Rule;
///
/// let folder = Rule::prefix("users/42/");
/// assert!(folder.check("users/42/holidays").is_ok());
/// assert!(folder.check("users/43/holidays").is_err());
/// assert!(folder.check("users/42/../43").is_err());
///
/// let source = Rule::one_of(["uw"]);
/// assert!(source.check("uw").is_ok() && source.check("ml").is_err());
///
/// assert!(Rule::text().check("a/b").is_err());
/// assert!(Rule::text().allow_slash().check("a/b").is_ok());
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct Rule {
    kind: Kind,
    max_len: usize,
    slash: bool,
    ampersand: bool,
}

#[derive(Clone, PartialEq, Eq)]
enum Kind {
    Text,
    OneOf(Arc<[String]>),
    Forced { value: String, replace: bool },
    Prefix(String),
}

impl Rule {
    fn new(kind: Kind) -> Self {
        Self {
            kind,
            max_len: DEFAULT_MAX_LEN,
            slash: false,
            ampersand: false,
        }
    }

    /// Any text (within the length and character limits).
    pub fn text() -> Self {
        Self::new(Kind::Text)
    }

    /// One of `values`, compared byte for byte.
    pub fn one_of<I, S>(values: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        Self::new(Kind::OneOf(values.into_iter().map(Into::into).collect()))
    }

    /// Exactly `value`, which the server chooses: a browser that sends another value, or
    /// none, is refused. Add [`Rule::replace`] to sign `value` whatever the browser sent
    /// (then the page must send `value` too, or Cloudinary answers `Invalid Signature`).
    ///
    /// The server's value is signed as it is: the character limits do not apply to it.
    pub fn forced(value: impl Into<String>) -> Self {
        Self::new(Kind::Forced {
            value: value.into(),
            replace: false,
        })
    }

    /// Text that starts with `prefix`, such as the user's own folder (`users/42/`). `/`
    /// is allowed after the prefix, but no empty, `.` or `..` segment.
    pub fn prefix(prefix: impl Into<String>) -> Self {
        let mut rule = Self::new(Kind::Prefix(prefix.into()));
        rule.slash = true;
        rule
    }

    /// For a [`Rule::forced`] value: sign the server's value whatever the browser sent,
    /// instead of refusing a different or missing one. No effect on other rules.
    #[must_use]
    pub fn replace(mut self) -> Self {
        if let Kind::Forced { replace, .. } = &mut self.kind {
            *replace = true;
        }
        self
    }

    /// Values of at most `max_len` bytes (default [`DEFAULT_MAX_LEN`]).
    #[must_use]
    pub fn with_max_len(mut self, max_len: usize) -> Self {
        self.max_len = max_len;
        self
    }

    /// Allows `/` in values (refused by default: a `/` lets a value name another folder, or
    /// turn a string to sign into a delivery URL path).
    #[must_use]
    pub fn allow_slash(mut self) -> Self {
        self.slash = true;
        self
    }

    /// Allows `&` in values (refused by default; signature version 2 escapes it, but a
    /// value with `&` is rarely what a browser means to send).
    #[must_use]
    pub fn allow_ampersand(mut self) -> Self {
        self.ampersand = true;
        self
    }

    /// Whether this rule limits the value to what the server chose (a [`Rule::forced`]
    /// value, a [`Rule::one_of`] set or a [`Rule::prefix`]): only such a rule may allow a
    /// name whose signature could serve another endpoint.
    pub fn constrains_value(&self) -> bool {
        match &self.kind {
            Kind::Text => false,
            // An empty prefix lets any value through.
            Kind::Prefix(prefix) => !prefix.is_empty(),
            Kind::OneOf(_) | Kind::Forced { .. } => true,
        }
    }

    /// The server's value of a [`Rule::forced`] rule that [`replace`](Rule::replace)s the
    /// browser's, which is signed whether or not the browser sent one.
    pub(crate) fn replacement(&self) -> Option<&str> {
        match &self.kind {
            Kind::Forced {
                value,
                replace: true,
            } => Some(value),
            _ => None,
        }
    }

    /// The value a [`Rule::forced`] rule requires, replacing or not.
    pub(crate) fn forced_value(&self) -> Option<&str> {
        match &self.kind {
            Kind::Forced { value, .. } => Some(value),
            _ => None,
        }
    }

    /// Checks a value the browser sent.
    ///
    /// # Errors
    /// The [`ValueProblem`] that refuses it.
    pub fn check(&self, value: &str) -> Result<(), ValueProblem> {
        if let Kind::Forced { value: forced, .. } = &self.kind {
            // The server's own value: exactly it, whatever its characters.
            return if same_text(value, forced) {
                Ok(())
            } else {
                Err(ValueProblem::NotTheServersValue)
            };
        }
        if value.len() > self.max_len {
            return Err(ValueProblem::TooLong {
                len: value.len(),
                max: self.max_len,
            });
        }
        if let Some(found) = self.forbidden_character(value) {
            return Err(ValueProblem::ForbiddenCharacter { found });
        }
        match &self.kind {
            Kind::OneOf(values) if !values.iter().any(|v| same_text(v, value)) => {
                Err(ValueProblem::NotInSet)
            }
            Kind::Prefix(prefix) => match value.strip_prefix(prefix.as_str()) {
                None => Err(ValueProblem::OutsidePrefix),
                Some(rest) if !plain_segments(prefix, rest) => Err(ValueProblem::BadSegment),
                Some(_) => Ok(()),
            },
            _ => Ok(()),
        }
    }
}

impl Rule {
    /// The first control character, or `/` or `&` the rule does not allow, in `value`.
    fn forbidden_character(&self, value: &str) -> Option<char> {
        let forbidden =
            |c: char| c.is_control() || (c == '/' && !self.slash) || (c == '&' && !self.ampersand);
        // ASCII bytes are looked at as bytes; from the first other byte on, as characters
        // (C1 control characters, U+0080 to U+009F, take two bytes).
        let bytes = value.as_bytes();
        // First every byte's class at once, without a branch per byte: most values hold
        // none of the bytes looked for, and are done here.
        let look_for = CONTROL_OR_WIDE
            | if self.slash { 0 } else { SLASH }
            | if self.ampersand { 0 } else { AMPERSAND };
        let classes = bytes
            .iter()
            .fold(0, |classes, &b| classes | BYTE_CLASS[usize::from(b)]);
        if classes & look_for == 0 {
            return None;
        }
        let forbidden_byte = |b: u8| {
            b.is_ascii_control() || (b == b'/' && !self.slash) || (b == b'&' && !self.ampersand)
        };
        match bytes
            .iter()
            .position(|&b| !b.is_ascii() || forbidden_byte(b))
        {
            None => None,
            Some(i) if bytes[i].is_ascii() => Some(char::from(bytes[i])),
            Some(i) => value[i..].chars().find(|&c| forbidden(c)),
        }
    }
}

/// [`BYTE_CLASS`] of an ASCII control character or of any byte of a wider character.
const CONTROL_OR_WIDE: u8 = 1;
/// [`BYTE_CLASS`] of `/`.
const SLASH: u8 = 2;
/// [`BYTE_CLASS`] of `&`.
const AMPERSAND: u8 = 4;

/// The class of each byte that a rule may refuse; 0 for the others.
const BYTE_CLASS: [u8; 256] = {
    let mut table = [0; 256];
    let mut b = 0;
    while b < 256 {
        let byte = b as u8;
        table[b] = if byte.is_ascii_control() || !byte.is_ascii() {
            CONTROL_OR_WIDE
        } else if byte == b'/' {
            SLASH
        } else if byte == b'&' {
            AMPERSAND
        } else {
            0
        };
        b += 1;
    }
    table
};

/// Whether `rest`, after `prefix`, has no empty, `.` or `..` segment: the path cannot
/// climb out of the prefix or be read two ways.
fn plain_segments(prefix: &str, rest: &str) -> bool {
    // The first segment continues the prefix's last one (`users/4` + `2/x`), unless the
    // prefix ends with `/`; a value equal to its prefix has nothing left to check.
    let whole_first = prefix.is_empty() || prefix.ends_with('/');
    rest.is_empty()
        || rest.split('/').enumerate().all(|(i, segment)| {
            let whole = i > 0 || whole_first;
            !(whole && matches!(segment, "" | "." | ".."))
        })
}

impl fmt::Debug for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut d = f.debug_struct("Rule");
        match &self.kind {
            Kind::Text => d.field("text", &true),
            Kind::OneOf(values) => d.field("one_of", values),
            Kind::Forced { value, replace } => d.field("forced", value).field("replace", replace),
            Kind::Prefix(prefix) => d.field("prefix", prefix),
        };
        d.field("max_len", &self.max_len)
            .field("slash", &self.slash)
            .field("ampersand", &self.ampersand)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_limits_length_and_characters() {
        let rule = Rule::text().with_max_len(3);
        assert_eq!(rule.check("abc"), Ok(()));
        assert_eq!(
            rule.check("abcd"),
            Err(ValueProblem::TooLong { len: 4, max: 3 })
        );
        assert_eq!(Rule::text().check(&"a".repeat(DEFAULT_MAX_LEN)), Ok(()));
        assert!(
            Rule::text()
                .check(&"a".repeat(DEFAULT_MAX_LEN + 1))
                .is_err()
        );
        for (value, found) in [
            ("a/b", '/'),
            ("a&b", '&'),
            ("a\nb", '\n'),
            ("\u{85}", '\u{85}'),
        ] {
            assert_eq!(
                Rule::text().check(value),
                Err(ValueProblem::ForbiddenCharacter { found }),
                "{value:?}"
            );
        }
        assert_eq!(Rule::text().allow_slash().check("a/b"), Ok(()));
        assert!(Rule::text().allow_slash().check("a&b").is_err());
        assert_eq!(Rule::text().allow_ampersand().check("a&b"), Ok(()));
        assert!(Rule::text().allow_ampersand().check("a/b").is_err());
        assert!(
            Rule::text()
                .allow_slash()
                .allow_ampersand()
                .check("a\tb")
                .is_err()
        );
    }

    /// Each ASCII byte alone is judged by itself: the first check reads only byte classes,
    /// so a class table that put `/` or `&` in no class, or in the other's, would let a
    /// value of that byte alone pass.
    #[test]
    fn every_ascii_byte_alone_is_judged_by_itself() {
        for b in 0..128u8 {
            let c = char::from(b);
            for (rule, slash, ampersand) in [
                (Rule::text(), false, false),
                (Rule::text().allow_slash(), true, false),
                (Rule::text().allow_ampersand(), false, true),
            ] {
                let refused =
                    c.is_ascii_control() || (c == '/' && !slash) || (c == '&' && !ampersand);
                let expected = if refused {
                    Err(ValueProblem::ForbiddenCharacter { found: c })
                } else {
                    Ok(())
                };
                assert_eq!(
                    rule.check(&c.to_string()),
                    expected,
                    "{c:?} {slash} {ampersand}"
                );
            }
        }
    }

    #[test]
    fn characters_after_a_non_ascii_one_are_checked_too() {
        // From the first non-ASCII byte on, a value is read as characters.
        assert_eq!(Rule::text().check("é"), Ok(()));
        assert_eq!(Rule::text().check("éa,1"), Ok(()));
        for (value, found) in [
            ("é/", '/'),
            ("é&", '&'),
            ("é\n", '\n'),
            ("é\u{85}", '\u{85}'),
        ] {
            assert_eq!(
                Rule::text().check(value),
                Err(ValueProblem::ForbiddenCharacter { found }),
                "{value:?}"
            );
        }
        let slash = Rule::text().allow_slash();
        assert_eq!(slash.check("é/"), Ok(()));
        assert_eq!(
            slash.check("é&"),
            Err(ValueProblem::ForbiddenCharacter { found: '&' })
        );
        let ampersand = Rule::text().allow_ampersand();
        assert_eq!(ampersand.check("é&"), Ok(()));
        assert_eq!(
            ampersand.check("é/"),
            Err(ValueProblem::ForbiddenCharacter { found: '/' })
        );
        assert_eq!(
            slash.allow_ampersand().check("é/&\u{85}"),
            Err(ValueProblem::ForbiddenCharacter { found: '\u{85}' })
        );
    }

    #[test]
    fn one_of_and_forced() {
        let rule = Rule::one_of(["uw", "ml"]);
        assert_eq!(rule.check("ml"), Ok(()));
        assert_eq!(rule.check("UW"), Err(ValueProblem::NotInSet));
        assert!(rule.constrains_value());
        assert!(!Rule::text().constrains_value());
        assert!(!Rule::prefix("").constrains_value());
        assert!(Rule::prefix("u/").constrains_value());
        assert!(Rule::forced("").constrains_value());

        let forced = Rule::forced("a/b&c");
        assert_eq!(forced.check("a/b&c"), Ok(()));
        assert_eq!(forced.check("a/b"), Err(ValueProblem::NotTheServersValue));
        assert_eq!(forced.forced_value(), Some("a/b&c"));
        assert_eq!(forced.replacement(), None);
        assert_eq!(forced.clone().replace().replacement(), Some("a/b&c"));
        assert_eq!(Rule::text().replace(), Rule::text());
        assert_eq!(Rule::text().forced_value(), None);
        assert_eq!(Rule::prefix("x").replacement(), None);
    }

    #[test]
    fn prefixes_keep_values_inside() {
        let rule = Rule::prefix("users/42/");
        assert_eq!(rule.check("users/42/"), Ok(()));
        assert_eq!(rule.check("users/42/a/b.jpg"), Ok(()));
        assert_eq!(rule.check("users/4"), Err(ValueProblem::OutsidePrefix));
        for bad in [
            "users/42//a",
            "users/42/./a",
            "users/42/a/..",
            "users/42/../x",
        ] {
            assert_eq!(rule.check(bad), Err(ValueProblem::BadSegment), "{bad}");
        }
        assert!(rule.check("users/42/a&b").is_err());
        // A prefix without a trailing slash continues its last segment.
        let open = Rule::prefix("user_42");
        assert_eq!(open.check("user_42_photos/a"), Ok(()));
        assert_eq!(open.check("user_42./a"), Ok(()));
        assert_eq!(open.check("user_42/.."), Err(ValueProblem::BadSegment));
        assert_eq!(
            Rule::prefix("").check("a/../b"),
            Err(ValueProblem::BadSegment)
        );
        assert_eq!(
            Rule::prefix("").check("../b"),
            Err(ValueProblem::BadSegment)
        );
    }

    #[test]
    fn problems_say_what_is_wrong() {
        let all = [
            ValueProblem::TooLong { len: 9, max: 3 },
            ValueProblem::ForbiddenCharacter { found: '/' },
            ValueProblem::NotInSet,
            ValueProblem::NotTheServersValue,
            ValueProblem::OutsidePrefix,
            ValueProblem::BadSegment,
        ];
        let texts: std::collections::HashSet<String> =
            all.iter().map(ToString::to_string).collect();
        assert_eq!(texts.len(), all.len());
        assert!(all[0].to_string().contains('9'));
        assert!(all[1].to_string().contains("'/'"));
        let debug = format!("{:?}", Rule::forced("v").replace().with_max_len(7));
        assert!(debug.contains("forced") && debug.contains('7'), "{debug}");
    }
}
