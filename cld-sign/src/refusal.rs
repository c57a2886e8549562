//! The JSON body of a refusal over HTTP, `{"error": "<kind>", "message": "<what to fix>"}`,
//! shared by the web integrations and the signing route.

use std::fmt::Write as _;

/// `{"error": kind, "message": message}`.
pub(crate) fn refusal_json(kind: &str, message: &str) -> String {
    let mut body = String::from(r#"{"error":"#);
    push_json_string(&mut body, kind);
    body.push_str(r#","message":"#);
    push_json_string(&mut body, message);
    body.push('}');
    body
}

/// Appends `text` as a JSON string literal.
pub(crate) fn push_json_string(out: &mut String, text: &str) {
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if u32::from(c) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_strings_are_escaped() {
        let mut out = String::new();
        push_json_string(&mut out, "a \"b\" \\ \n\u{1}é");
        assert_eq!(out, r#""a \"b\" \\ \u000a\u0001é""#);
        assert_eq!(
            refusal_json("kind", "say \"x\""),
            r#"{"error":"kind","message":"say \"x\""}"#
        );
    }
}
