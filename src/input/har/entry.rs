//! The parts of a HAR 1.2 entry that the readers take (HAR 1.2 §entries), borrowed from
//! the file, and the lenient field types they are made of. One set for the scan
//! ([`super::scan`]), the details ([`super::request_detail`]) and the reducer
//! ([`super::reduce`](fn@super::reduce)), so a field is named and typed once. Bodies, `headers`,
//! `cookies`, `queryString` and `params` are raw JSON slices ([`RawValue`]), parsed only by
//! the reader that needs them; everything not named here (browser extensions, cache) is
//! skipped. The fields starting with `_` are the reducer's own: what it cut, and how long
//! that was.

use serde::de::value::MapAccessDeserializer;
use serde::de::{self, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Deserializer};
use serde_json::value::RawValue;
use std::borrow::Cow;
use std::fmt;

#[derive(Deserialize)]
pub(super) struct Entry<'a> {
    #[serde(rename = "startedDateTime", borrow, default)]
    pub(super) started_date_time: Option<Text<'a>>,
    #[serde(default)]
    pub(super) time: Option<Number>,
    #[serde(default)]
    pub(super) timings: Option<Lenient<Timings>>,
    #[serde(borrow, default)]
    pub(super) request: Option<Lenient<Request<'a>>>,
    #[serde(borrow, default)]
    pub(super) response: Option<Lenient<Response<'a>>>,
}

/// The phases of HAR 1.2 `timings` the details show (the browsers' `_` extras are
/// skipped).
#[derive(Deserialize)]
pub(super) struct Timings {
    #[serde(default)]
    pub(super) blocked: Option<Number>,
    #[serde(default)]
    pub(super) dns: Option<Number>,
    #[serde(default)]
    pub(super) connect: Option<Number>,
    #[serde(default)]
    pub(super) ssl: Option<Number>,
    #[serde(default)]
    pub(super) send: Option<Number>,
    #[serde(default)]
    pub(super) wait: Option<Number>,
    #[serde(default)]
    pub(super) receive: Option<Number>,
}

#[derive(Deserialize)]
pub(super) struct Request<'a> {
    #[serde(borrow, default)]
    pub(super) method: Option<Text<'a>>,
    #[serde(borrow, default)]
    pub(super) url: Option<Text<'a>>,
    #[serde(rename = "httpVersion", borrow, default)]
    pub(super) http_version: Option<Text<'a>>,
    #[serde(borrow, default)]
    pub(super) headers: Option<&'a RawValue>,
    #[serde(rename = "_headersTotal", default)]
    pub(super) headers_total: Option<Number>,
    #[serde(borrow, default)]
    pub(super) cookies: Option<&'a RawValue>,
    #[serde(rename = "_cookiesTotal", default)]
    pub(super) cookies_total: Option<Number>,
    /// Read only when the URL itself has no query (a fallback).
    #[serde(rename = "queryString", borrow, default)]
    pub(super) query_string: Option<&'a RawValue>,
    #[serde(rename = "_queryStringTotal", default)]
    pub(super) query_string_total: Option<Number>,
    #[serde(rename = "postData", borrow, default)]
    pub(super) post_data: Option<Lenient<PostData<'a>>>,
}

#[derive(Deserialize)]
pub(super) struct PostData<'a> {
    #[serde(rename = "mimeType", borrow, default)]
    pub(super) mime_type: Option<Text<'a>>,
    #[serde(borrow, default)]
    pub(super) text: Option<&'a RawValue>,
    /// The text's length when a reduced HAR kept only its start.
    #[serde(rename = "_size", default)]
    pub(super) size: Option<Number>,
    #[serde(borrow, default)]
    pub(super) params: Option<&'a RawValue>,
    #[serde(rename = "_paramsTotal", default)]
    pub(super) params_total: Option<Number>,
}

#[derive(Deserialize)]
pub(super) struct Response<'a> {
    #[serde(default)]
    pub(super) status: Option<Number>,
    #[serde(rename = "statusText", borrow, default)]
    pub(super) status_text: Option<Text<'a>>,
    #[serde(rename = "httpVersion", borrow, default)]
    pub(super) http_version: Option<Text<'a>>,
    /// Parsed only when needed (the scan: `Date` for entries with messages, `Location`
    /// for redirects without `redirectURL`).
    #[serde(borrow, default)]
    pub(super) headers: Option<&'a RawValue>,
    #[serde(rename = "_headersTotal", default)]
    pub(super) headers_total: Option<Number>,
    #[serde(borrow, default)]
    pub(super) cookies: Option<&'a RawValue>,
    #[serde(rename = "_cookiesTotal", default)]
    pub(super) cookies_total: Option<Number>,
    #[serde(borrow, default)]
    pub(super) content: Option<Lenient<Content<'a>>>,
    #[serde(rename = "redirectURL", borrow, default)]
    pub(super) redirect_url: Option<Text<'a>>,
}

#[derive(Deserialize)]
pub(super) struct Content<'a> {
    #[serde(default)]
    pub(super) size: Option<Number>,
    #[serde(rename = "mimeType", borrow, default)]
    pub(super) mime_type: Option<Text<'a>>,
    /// The body, as the raw JSON string: never copied unless it is read.
    #[serde(borrow, default)]
    pub(super) text: Option<&'a RawValue>,
    #[serde(borrow, default)]
    pub(super) encoding: Option<Text<'a>>,
    /// A reduced HAR's start of a text body it dropped.
    #[serde(rename = "_preview", borrow, default)]
    pub(super) preview: Option<&'a RawValue>,
    /// Whether `_preview` is only the start of the body.
    #[serde(rename = "_previewCut", default)]
    pub(super) preview_cut: Option<Flag>,
    /// Set by the reducer for a dropped body that is not text.
    #[serde(rename = "_binary", default)]
    pub(super) binary: Option<Flag>,
}

/// `{"name": ..., "value": ...}` of `queryString`, `params` and `headers`, with the
/// reducer's lengths of what it cut.
#[derive(Deserialize)]
pub(super) struct NameValue<'a> {
    #[serde(borrow, default)]
    pub(super) name: Option<Text<'a>>,
    #[serde(borrow, default)]
    pub(super) value: Option<Text<'a>>,
    #[serde(rename = "_nameSize", default)]
    pub(super) name_size: Option<Number>,
    #[serde(rename = "_size", default)]
    pub(super) size: Option<Number>,
}

/// A HAR cookie object (HAR 1.2 §cookies), with the reducer's lengths of what it cut.
#[derive(Deserialize)]
pub(super) struct Cookie<'a> {
    #[serde(borrow, default)]
    pub(super) name: Option<Text<'a>>,
    #[serde(borrow, default)]
    pub(super) value: Option<Text<'a>>,
    #[serde(borrow, default)]
    pub(super) path: Option<Text<'a>>,
    #[serde(borrow, default)]
    pub(super) domain: Option<Text<'a>>,
    #[serde(borrow, default)]
    pub(super) expires: Option<Text<'a>>,
    #[serde(rename = "httpOnly", default)]
    pub(super) http_only: Option<Flag>,
    #[serde(default)]
    pub(super) secure: Option<Flag>,
    #[serde(rename = "sameSite", borrow, default)]
    pub(super) same_site: Option<Text<'a>>,
    #[serde(rename = "_nameSize", default)]
    pub(super) name_size: Option<Number>,
    #[serde(rename = "_size", default)]
    pub(super) size: Option<Number>,
}

// --- Lenient field types: a wrong type is remembered, its value skipped, and the
// rest of the file read on.

/// What a value of the wrong type was, for notes.
fn describe_unexpected(unexpected: de::Unexpected<'_>) -> &'static str {
    match unexpected {
        de::Unexpected::Bool(_) => "a boolean",
        de::Unexpected::Str(_) => "a string",
        de::Unexpected::Unit => "null",
        de::Unexpected::Seq => "an array",
        de::Unexpected::Map => "an object",
        _ => "a number",
    }
}

/// A string field; any other type is `Wrong`.
pub(in crate::input) enum Text<'a> {
    Value(Cow<'a, str>),
    Wrong(&'static str),
}

impl<'a> Text<'a> {
    pub(in crate::input) fn as_str(&self) -> Option<&str> {
        match self {
            Text::Value(text) => Some(text),
            Text::Wrong(_) => None,
        }
    }

    pub(super) fn into_cow(self) -> Cow<'a, str> {
        match self {
            Text::Value(text) => text,
            Text::Wrong(_) => Cow::Borrowed(""),
        }
    }
}

impl<'de: 'a, 'a> Deserialize<'de> for Text<'a> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct TextVisitor;
        impl<'de> Visitor<'de> for TextVisitor {
            type Value = Text<'de>;
            fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
                formatter.write_str("any value")
            }
            fn visit_borrowed_str<E: de::Error>(self, text: &'de str) -> Result<Text<'de>, E> {
                Ok(Text::Value(Cow::Borrowed(text)))
            }
            fn visit_str<E: de::Error>(self, text: &str) -> Result<Text<'de>, E> {
                Ok(Text::Value(Cow::Owned(text.to_owned())))
            }
            fn visit_string<E: de::Error>(self, text: String) -> Result<Text<'de>, E> {
                Ok(Text::Value(Cow::Owned(text)))
            }
            fn visit_bool<E: de::Error>(self, value: bool) -> Result<Text<'de>, E> {
                Ok(Text::Wrong(describe_unexpected(de::Unexpected::Bool(
                    value,
                ))))
            }
            fn visit_i64<E: de::Error>(self, _: i64) -> Result<Text<'de>, E> {
                Ok(Text::Wrong("a number"))
            }
            fn visit_u64<E: de::Error>(self, _: u64) -> Result<Text<'de>, E> {
                Ok(Text::Wrong("a number"))
            }
            fn visit_f64<E: de::Error>(self, _: f64) -> Result<Text<'de>, E> {
                Ok(Text::Wrong("a number"))
            }
            fn visit_unit<E: de::Error>(self) -> Result<Text<'de>, E> {
                Ok(Text::Wrong("null"))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Text<'de>, A::Error> {
                IgnoredAny.visit_seq(seq)?;
                Ok(Text::Wrong("an array"))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Text<'de>, A::Error> {
                IgnoredAny.visit_map(map)?;
                Ok(Text::Wrong("an object"))
            }
        }
        deserializer.deserialize_any(TextVisitor)
    }
}

/// A number field; a numeric string is read as its number, anything else is `Wrong`.
pub(in crate::input) enum Number {
    Value(f64),
    Wrong(&'static str),
}

impl<'de> Deserialize<'de> for Number {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct NumberVisitor;
        impl<'de> Visitor<'de> for NumberVisitor {
            type Value = Number;
            fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
                formatter.write_str("any value")
            }
            fn visit_i64<E: de::Error>(self, value: i64) -> Result<Number, E> {
                Ok(Number::Value(value as f64))
            }
            fn visit_u64<E: de::Error>(self, value: u64) -> Result<Number, E> {
                Ok(Number::Value(value as f64))
            }
            fn visit_f64<E: de::Error>(self, value: f64) -> Result<Number, E> {
                Ok(Number::Value(value))
            }
            fn visit_str<E: de::Error>(self, text: &str) -> Result<Number, E> {
                Ok(match text.trim().parse::<f64>() {
                    Ok(value) if value.is_finite() => Number::Value(value),
                    _ => Number::Wrong("a string"),
                })
            }
            fn visit_bool<E: de::Error>(self, _: bool) -> Result<Number, E> {
                Ok(Number::Wrong("a boolean"))
            }
            fn visit_unit<E: de::Error>(self) -> Result<Number, E> {
                Ok(Number::Wrong("null"))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Number, A::Error> {
                IgnoredAny.visit_seq(seq)?;
                Ok(Number::Wrong("an array"))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Number, A::Error> {
                IgnoredAny.visit_map(map)?;
                Ok(Number::Wrong("an object"))
            }
        }
        deserializer.deserialize_any(NumberVisitor)
    }
}

/// An object field read as `T`; a value of another type is `Wrong` (an array too: serde
/// would read a struct from an array by position, so `"request": ["GET", "https://…"]`
/// or a million nested arrays would pass for an entry). The contents of an object must
/// still fit `T`, whose own fields are lenient in turn.
pub(in crate::input) enum Lenient<T> {
    Value(T),
    Wrong(&'static str),
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Lenient<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct LenientVisitor<T>(std::marker::PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for LenientVisitor<T> {
            type Value = Lenient<T>;
            fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
                formatter.write_str("any value")
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Lenient<T>, A::Error> {
                T::deserialize(MapAccessDeserializer::new(map)).map(Lenient::Value)
            }
            fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Lenient<T>, A::Error> {
                // Skipped without recursion: serde_json ignores nested values iteratively.
                IgnoredAny.visit_seq(seq)?;
                Ok(Lenient::Wrong("an array"))
            }
            fn visit_bool<E: de::Error>(self, _: bool) -> Result<Lenient<T>, E> {
                Ok(Lenient::Wrong("a boolean"))
            }
            fn visit_i64<E: de::Error>(self, _: i64) -> Result<Lenient<T>, E> {
                Ok(Lenient::Wrong("a number"))
            }
            fn visit_u64<E: de::Error>(self, _: u64) -> Result<Lenient<T>, E> {
                Ok(Lenient::Wrong("a number"))
            }
            fn visit_f64<E: de::Error>(self, _: f64) -> Result<Lenient<T>, E> {
                Ok(Lenient::Wrong("a number"))
            }
            fn visit_str<E: de::Error>(self, _: &str) -> Result<Lenient<T>, E> {
                Ok(Lenient::Wrong("a string"))
            }
            fn visit_unit<E: de::Error>(self) -> Result<Lenient<T>, E> {
                Ok(Lenient::Wrong("null"))
            }
        }
        deserializer.deserialize_any(LenientVisitor(std::marker::PhantomData))
    }
}

impl<T> Lenient<T> {
    pub(in crate::input) fn value(&self) -> Option<&T> {
        match self {
            Lenient::Value(value) => Some(value),
            Lenient::Wrong(_) => None,
        }
    }
}

/// A boolean field; any other type reads as no value.
pub(super) struct Flag(Option<bool>);

impl<'de> Deserialize<'de> for Flag {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct FlagVisitor;
        impl<'de> Visitor<'de> for FlagVisitor {
            type Value = Flag;
            fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
                formatter.write_str("any value")
            }
            fn visit_bool<E: de::Error>(self, value: bool) -> Result<Flag, E> {
                Ok(Flag(Some(value)))
            }
            fn visit_i64<E: de::Error>(self, _: i64) -> Result<Flag, E> {
                Ok(Flag(None))
            }
            fn visit_u64<E: de::Error>(self, _: u64) -> Result<Flag, E> {
                Ok(Flag(None))
            }
            fn visit_f64<E: de::Error>(self, _: f64) -> Result<Flag, E> {
                Ok(Flag(None))
            }
            fn visit_str<E: de::Error>(self, _: &str) -> Result<Flag, E> {
                Ok(Flag(None))
            }
            fn visit_unit<E: de::Error>(self) -> Result<Flag, E> {
                Ok(Flag(None))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Flag, A::Error> {
                IgnoredAny.visit_seq(seq)?;
                Ok(Flag(None))
            }
            fn visit_map<A: de::MapAccess<'de>>(self, map: A) -> Result<Flag, A::Error> {
                IgnoredAny.visit_map(map)?;
                Ok(Flag(None))
            }
        }
        deserializer.deserialize_any(FlagVisitor)
    }
}

pub(super) fn flag(value: &Option<Flag>) -> Option<bool> {
    value.as_ref().and_then(|flag| flag.0)
}

/// The string of a text field, when it is one.
pub(in crate::input) fn text<'t>(value: &'t Option<Text<'_>>) -> Option<&'t str> {
    value.as_ref().and_then(Text::as_str)
}

/// A non-negative number field (sizes, counts, times); -1 ("does not apply") and other
/// values are `None`.
pub(super) fn number(value: &Option<Number>) -> Option<f64> {
    match value {
        Some(Number::Value(value)) if *value >= 0.0 && value.is_finite() => Some(*value),
        _ => None,
    }
}

pub(super) fn count(value: &Option<Number>) -> Option<usize> {
    // A count or a size from the file, bounded by what fits: never trusted beyond that.
    number(value).map(|value| value.min(usize::MAX as f64) as usize)
}
