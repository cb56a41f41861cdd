//! The Handlebars helpers letter templates call: `date`, `days_since`, `years_since`, `plural`,
//! `count`, `gender`, `upper` and `country`.
//!
//! Every helper returns a JSON value, so it also works as a subexpression
//! (`{{count (days_since prisoner.detained) "день" "дня" "дней"}}`). The letter's language is the
//! hash parameter `lang="pl"` when given, else the root context field `letter.language`; the
//! letter's date is the root field `letter.date`. Numbers may be JSON integers or strings of
//! digits (address books loaded from CSV give strings). Bad input is a `RenderError` whose
//! message starts with the helper's name in backticks and shows the offending value.

use handlebars::{
    Context, Handlebars, Helper, HelperDef, PathAndJson, RenderContext, RenderError,
    RenderErrorReason, ScopedJson,
};
use serde_json::Value;
use time::Date;

use super::{
    country_name, days_between, form_count, group_number, long_date, parse_iso_date, pick_form,
    short_date, whole_years,
};

/// One helper: its name, how it is called (for arity errors), the hash keys it takes and its body.
struct Spec {
    name: &'static str,
    usage: &'static str,
    params: (usize, usize),
    hash: &'static [&'static str],
    run: fn(&Call<'_, '_>) -> Result<Value, String>,
}

static SPECS: [Spec; 8] = [
    Spec {
        name: "date",
        usage: r#"{{date value [format="short"] [lang=".."]}}"#,
        params: (1, 1),
        hash: &["format", "lang"],
        run: date,
    },
    Spec {
        name: "days_since",
        usage: "{{days_since value}}",
        params: (1, 1),
        hash: &[],
        run: days_since,
    },
    Spec {
        name: "years_since",
        usage: "{{years_since value}}",
        params: (1, 1),
        hash: &[],
        run: years_since,
    },
    Spec {
        name: "plural",
        usage: r#"{{plural n form1 form2 [form3] [lang=".."]}}"#,
        params: (3, 4),
        hash: &["lang"],
        run: plural,
    },
    Spec {
        name: "count",
        usage: r#"{{count n form1 form2 [form3] [lang=".."]}}"#,
        params: (3, 4),
        hash: &["lang"],
        run: count,
    },
    Spec {
        name: "gender",
        usage: "{{gender g masculine feminine [neutral]}}",
        params: (3, 4),
        hash: &[],
        run: gender,
    },
    Spec {
        name: "upper",
        usage: "{{upper text}}",
        params: (1, 1),
        hash: &[],
        run: upper,
    },
    Spec {
        name: "country",
        usage: r#"{{country code [lang=".."]}}"#,
        params: (1, 1),
        hash: &["lang"],
        run: country,
    },
];

/// Registers `date`, `days_since`, `years_since`, `plural`, `count`, `gender`, `upper` and
/// `country` on `hb`.
pub fn register_helpers(hb: &mut Handlebars<'_>) {
    for spec in &SPECS {
        hb.register_helper(spec.name, Box::new(spec));
    }
}

impl HelperDef for &'static Spec {
    fn call_inner<'reg: 'rc, 'rc>(
        &self,
        h: &Helper<'rc>,
        _: &'reg Handlebars<'reg>,
        ctx: &'rc Context,
        _: &mut RenderContext<'reg, 'rc>,
    ) -> Result<ScopedJson<'rc>, RenderError> {
        let call = Call {
            h,
            root: ctx.data(),
        };
        self.check_shape(&call)
            .and_then(|()| (self.run)(&call))
            .map(ScopedJson::Derived)
            .map_err(|msg| RenderErrorReason::Other(format!("`{}`: {msg}", self.name)).into())
    }
}

impl Spec {
    fn check_shape(&self, call: &Call<'_, '_>) -> Result<(), String> {
        let n = call.h.params().len();
        let (min, max) = self.params;
        if n < min || n > max {
            let got = if n == 1 {
                "1 parameter".to_string()
            } else {
                format!("{n} parameters")
            };
            return Err(format!("expected {}, got {got}", self.usage));
        }
        if let Some(key) = call.h.hash().keys().find(|k| !self.hash.contains(k)) {
            return Err(format!("unknown option `{key}`; expected {}", self.usage));
        }
        Ok(())
    }
}

/// A helper invocation with the root context, and readers that explain what went wrong.
struct Call<'h, 'rc> {
    h: &'h Helper<'rc>,
    root: &'rc Value,
}

impl Call<'_, '_> {
    /// The value of parameter `i`, or why there is none (`check_shape` ran, so it exists).
    fn value(&self, i: usize) -> Result<&Value, String> {
        let p = self
            .h
            .param(i)
            .ok_or_else(|| format!("parameter {} is missing", i + 1))?;
        present(p)
    }

    fn text(&self, i: usize) -> Result<&str, String> {
        let v = self.value(i)?;
        v.as_str().ok_or_else(|| format!("{} is not text", show(v)))
    }

    fn number(&self, i: usize) -> Result<u64, String> {
        let v = self.value(i)?;
        let n = match v {
            Value::Number(n) => n.as_u64(),
            Value::String(s) => s.trim().parse().ok(),
            _ => None,
        };
        n.ok_or_else(|| format!("{} is not a whole number of 0 or more", show(v)))
    }

    fn date(&self, i: usize) -> Result<Date, String> {
        let v = self.value(i)?;
        v.as_str()
            .and_then(parse_iso_date)
            .ok_or_else(|| format!("{} is not a date like 2026-08-04", show(v)))
    }

    fn forms(&self, from: usize) -> Result<Vec<&str>, String> {
        (from..self.h.params().len())
            .map(|i| self.text(i))
            .collect()
    }

    /// The language: the `lang` hash parameter, else `letter.language`.
    fn lang(&self) -> Result<&str, String> {
        let v = match self.h.hash_get("lang") {
            Some(p) => present(p)?,
            None => self.root.pointer("/letter/language").ok_or(
                "no language: the context has no `letter.language` and no `lang=\"..\"` was given",
            )?,
        };
        v.as_str()
            .ok_or_else(|| format!("the language {} is not a language code", show(v)))
    }

    fn letter_date(&self) -> Result<Date, String> {
        let v = self
            .root
            .pointer("/letter/date")
            .ok_or("the context has no `letter.date` to count to")?;
        v.as_str()
            .and_then(parse_iso_date)
            .ok_or_else(|| format!("`letter.date` {} is not a date like 2026-08-04", show(v)))
    }

    /// Parameter 0 as a date no later than the letter's date, with the letter's date.
    fn span(&self) -> Result<(Date, Date), String> {
        let (from, to) = (self.date(0)?, self.letter_date()?);
        if from > to {
            return Err(format!("{from} is after the letter date {to}"));
        }
        Ok((from, to))
    }
}

fn present<'a>(p: &'a PathAndJson<'_>) -> Result<&'a Value, String> {
    if p.is_value_missing() {
        return Err(match p.relative_path() {
            Some(path) => format!("`{path}` is missing"),
            None => "a value is missing".to_string(),
        });
    }
    Ok(p.value())
}

/// A value as shown in an error: text in backticks, anything else as JSON; long values cut.
fn show(v: &Value) -> String {
    const MAX: usize = 40;
    let (body, quoted) = match v {
        Value::String(s) => (s.clone(), true),
        other => (other.to_string(), false),
    };
    let mut cut: String = body.chars().take(MAX).collect();
    if cut.len() < body.len() {
        cut.push('…');
    }
    if quoted { format!("`{cut}`") } else { cut }
}

fn date(c: &Call<'_, '_>) -> Result<Value, String> {
    let (d, lang) = (c.date(0)?, c.lang()?);
    let format = match c.h.hash_get("format") {
        Some(p) => Some(present(p)?),
        None => None,
    };
    let text = match format.map(|v| (v, v.as_str())) {
        None | Some((_, Some("long"))) => long_date(d, lang),
        Some((_, Some("short"))) => short_date(d, lang),
        Some((v, _)) => return Err(format!("format {} is not \"long\" or \"short\"", show(v))),
    };
    Ok(Value::String(text))
}

fn days_since(c: &Call<'_, '_>) -> Result<Value, String> {
    let (from, to) = c.span()?;
    days_between(from, to)
        .map(Value::from)
        .ok_or_else(|| format!("{from} is after the letter date {to}"))
}

fn years_since(c: &Call<'_, '_>) -> Result<Value, String> {
    let (from, to) = c.span()?;
    whole_years(from, to)
        .map(Value::from)
        .ok_or_else(|| format!("{from} is after the letter date {to}"))
}

/// The number in parameter 0 and its word form, shared by `plural` and `count`.
fn number_and_form(c: &Call<'_, '_>) -> Result<(u64, String, String), String> {
    let (n, lang, forms) = (c.number(0)?, c.lang()?, c.forms(1)?);
    let form = pick_form(n, lang, &forms).ok_or_else(|| {
        let (want, names) = match form_count(lang) {
            3 => (3, "one, few, many"),
            _ => (2, "one, other"),
        };
        format!("`{lang}` needs {want} forms ({names}), got {}", forms.len())
    })?;
    Ok((n, form.to_string(), lang.to_string()))
}

fn plural(c: &Call<'_, '_>) -> Result<Value, String> {
    number_and_form(c).map(|(_, form, _)| Value::String(form))
}

fn count(c: &Call<'_, '_>) -> Result<Value, String> {
    let (n, form, lang) = number_and_form(c)?;
    Ok(Value::String(format!("{} {form}", group_number(n, &lang))))
}

fn gender(c: &Call<'_, '_>) -> Result<Value, String> {
    let v = c.value(0)?;
    let g = v.as_str().map(|s| s.trim().to_ascii_lowercase());
    let forms = c.forms(1)?;
    let word = match (g.as_deref(), forms.as_slice()) {
        (Some("m"), [m, ..]) => m.to_string(),
        (Some("f"), [_, f, ..]) => f.to_string(),
        (Some("x"), [_, _, x]) => x.to_string(),
        (Some("x"), [m, f]) => format!("{m}/{f}"),
        _ => {
            return Err(format!(
                "{} is not a gender (\"m\", \"f\" or \"x\")",
                show(v)
            ));
        }
    };
    Ok(Value::String(word))
}

fn upper(c: &Call<'_, '_>) -> Result<Value, String> {
    Ok(Value::String(c.text(0)?.to_uppercase()))
}

/// The country's name in the letter's language; the code itself when the table lacks it, so
/// a volunteer from a country not listed still gets a readable signature.
fn country(c: &Call<'_, '_>) -> Result<Value, String> {
    let (code, lang) = (c.text(0)?, c.lang()?);
    let name = country_name(code, lang).map_or_else(|| code.trim().to_string(), str::to_string);
    Ok(Value::String(name))
}

#[cfg(test)]
#[path = "helpers_tests.rs"]
mod tests;
