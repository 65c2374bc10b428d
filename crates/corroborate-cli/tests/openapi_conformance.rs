//! The OpenAPI document tells the truth: every GET operation it lists is
//! called with values at and past each parameter's declared bounds (and
//! of the wrong type), and every answer must be a status the document
//! lists for that operation, JSON under `/api/`, and — where the document
//! gives a JSON schema for that status — a body that fits it (types,
//! `nullable`, `required`, `enum`, bounds). A query number or yes/no sent
//! empty (`page=`) or of the wrong type (`page=x`, `conflicts_only=maybe`)
//! must be a 422 whose `field` names the parameter.
//!
//! This stands in for a schemathesis run: the values are chosen, not
//! random, so the test is deterministic and bounded (a few hundred
//! requests, a few seconds), and needs nothing from PyPI. The schema
//! checker below covers the subset of OpenAPI 3.0 the document uses.

mod common;
use common::*;
use serde_json::Value;

/// Follows a `$ref` within the document.
fn resolve<'a>(spec: &'a Value, schema: &'a Value) -> &'a Value {
    match schema.get("$ref").and_then(Value::as_str) {
        Some(r) => {
            let target = r.trim_start_matches("#/").split('/').fold(spec, |v, k| &v[k]);
            resolve(spec, target)
        }
        None => schema,
    }
}

/// The ways `value` does not fit `schema`, each with its JSON path.
fn misfits(spec: &Value, schema: &Value, value: &Value, at: &str, out: &mut Vec<String>) {
    let schema = resolve(spec, schema);
    if value.is_null() {
        if !schema["nullable"].as_bool().unwrap_or(false) && schema.get("type").is_some() {
            out.push(format!("{at}: null but not nullable"));
        }
        return;
    }
    let ty = schema["type"].as_str().unwrap_or("");
    let fits = match ty {
        "object" => value.is_object(),
        "array" => value.is_array(),
        "string" => value.is_string(),
        "integer" => value.is_i64() || value.is_u64(),
        "number" => value.is_number(),
        "boolean" => value.is_boolean(),
        _ => true,
    };
    if !fits {
        out.push(format!("{at}: {value} is not {ty}"));
        return;
    }
    if let Some(allowed) = schema["enum"].as_array() {
        if !allowed.contains(value) {
            out.push(format!("{at}: {value} not in {allowed:?}"));
        }
    }
    if let Some(x) = value.as_f64() {
        if schema["minimum"].as_f64().is_some_and(|m| x < m) || schema["maximum"].as_f64().is_some_and(|m| x > m) {
            out.push(format!("{at}: {x} out of bounds"));
        }
    }
    if let Some(obj) = value.as_object() {
        for req in schema["required"].as_array().into_iter().flatten().filter_map(Value::as_str) {
            if !obj.contains_key(req) {
                out.push(format!("{at}: no {req}"));
            }
        }
        if let Some(props) = schema["properties"].as_object() {
            for (k, s) in props {
                if let Some(v) = obj.get(k) {
                    misfits(spec, s, v, &format!("{at}.{k}"), out);
                }
            }
        }
    }
    if let (Some(items), Some(arr)) = (schema.get("items"), value.as_array()) {
        for (i, v) in arr.iter().enumerate().take(50) {
            misfits(spec, items, v, &format!("{at}[{i}]"), out);
        }
    }
}

/// Values to try for a parameter: the declared bounds, one past them,
/// the wrong type and nothing.
fn values(spec: &Value, p: &Value, doc: &str) -> Vec<String> {
    let s = resolve(spec, &p["schema"]);
    let name = p["name"].as_str().unwrap_or("");
    let mut v: Vec<String> = match s["type"].as_str().unwrap_or("") {
        "integer" => {
            let mut v = vec!["1".into(), "x".into(), "1.5".into()];
            for bound in ["minimum", "maximum"] {
                if let Some(b) = s[bound].as_i64() {
                    v.push(b.to_string());
                    v.push(if bound == "minimum" { (b as i128 - 1).to_string() } else { (b as i128 + 1).to_string() });
                }
            }
            v
        }
        "number" => vec!["0".into(), "1.5".into(), "-1".into(), "NaN".into(), "x".into()],
        "boolean" => vec!["true".into(), "false".into(), "maybe".into()],
        _ => {
            let mut v: Vec<String> =
                s["enum"].as_array().into_iter().flatten().filter_map(Value::as_str).map(str::to_string).collect();
            v.extend(["zz".to_string(), "%25".to_string(), "_".to_string()]);
            v
        }
    };
    if matches!(name, "name" | "a" | "b" | "doc") {
        v.push(doc.to_string());
    }
    if p["in"] == "query" {
        v.push(String::new());
    }
    v
}

#[test]
fn every_get_answers_as_the_openapi_document_says() {
    let db = sqlite("openapi");
    let l = ledger(&db.url, &[&examples()]);
    let s = Server::start(&l.db);
    let t = l.reviewer_token.as_str();
    let call = |path: &str| {
        let req = http().get(&format!("{}/api/v1{path}", s.url)).set("Authorization", &format!("Bearer {t}"));
        send(req, None)
    };
    // A review with no note and a correction that clears a field, so that
    // review logs hold nulls.
    for body in [r#"{"action":"confirm"}"#, r#"{"action":"correct","field":"subject","value":""}"#] {
        let req = http()
            .post(&format!("{}/api/v1/claims/1/reviews", s.url))
            .set("Authorization", &format!("Bearer {t}"))
            .set("Content-Type", "application/json");
        assert_eq!(send(req, Some(body.as_bytes())).0, 201);
    }
    let (_, res) = call("/openapi.json");
    let spec: Value = res.into_json().unwrap();
    let doc = "002_dce3863f02dd146e.txt";
    let mut problems = Vec::new();
    let mut calls = 0;
    for (path, item) in spec["paths"].as_object().unwrap() {
        let Some(op) = item.get("get") else { continue };
        let params: Vec<&Value> =
            op["parameters"].as_array().into_iter().flatten().filter(|p| p["in"] != "header").collect();
        // A base request with a valid value for every path parameter, then
        // each parameter alone set to each of its values.
        let base = |p: &Value| if p["name"] == "name" { doc.to_string() } else { "1".to_string() };
        let mut requests = vec![(String::new(), Vec::<(String, String)>::new(), false)];
        for p in &params {
            let ty = resolve(&spec, &p["schema"])["type"].as_str().unwrap_or("");
            let typed = p["in"] == "query" && matches!(ty, "integer" | "number" | "boolean");
            for v in values(&spec, p, doc) {
                // Empty, or not a number / not a yes-no at all.
                let refused = typed && (v.is_empty() || v == "x" || v == "maybe");
                requests.push((
                    p["name"].as_str().unwrap().to_string(),
                    vec![(p["in"].as_str().unwrap().to_string(), v)],
                    refused,
                ));
            }
        }
        for (target, setting, refused) in requests {
            let mut url = path.clone();
            let mut query = Vec::new();
            for p in &params {
                let name = p["name"].as_str().unwrap();
                let given = (name == target).then(|| setting[0].1.clone());
                match p["in"].as_str() {
                    Some("path") => url = url.replace(&format!("{{{name}}}"), &given.unwrap_or_else(|| base(p))),
                    _ => {
                        if let Some(v) = given {
                            query.push(format!("{name}={v}"));
                        }
                    }
                }
            }
            if !query.is_empty() {
                url = format!("{url}?{}", query.join("&"));
            }
            let (code, res) = call(&url);
            calls += 1;
            let documented = &op["responses"][code.to_string()];
            if documented.is_null() {
                problems.push(format!("GET {url}: {code} is not a documented answer"));
                continue;
            }
            let ctype = res.header("Content-Type").unwrap_or("").to_string();
            if refused {
                let body: Value = res.into_json().unwrap_or(Value::Null);
                if code != 422 || body["field"] != target.as_str() {
                    problems.push(format!("GET {url}: {code} {body}, not a 422 naming {target}"));
                }
                continue;
            }
            let documented = resolve(&spec, documented);
            let Some(schema) = documented["content"]["application/json"].get("schema") else { continue };
            if !ctype.starts_with("application/json") {
                problems.push(format!("GET {url}: {code} as {ctype:?}, not JSON"));
                continue;
            }
            let body: Value = res.into_json().unwrap_or(Value::Null);
            let mut out = Vec::new();
            misfits(&spec, schema, &body, "$", &mut out);
            problems.extend(out.into_iter().take(5).map(|m| format!("GET {url} ({code}): {m}")));
        }
    }
    // Calls that need two parameters at once, which the loop above never
    // sets: a diff of two different documents holds claims only one side
    // has (`old` or `new` null).
    for url in
        [format!("/diff?a={doc}&b=000_57338518f3dc0b18.txt"), format!("/diff?a=000_57338518f3dc0b18.txt&b={doc}")]
    {
        let (code, res) = call(&url);
        calls += 1;
        assert_eq!(code, 200, "GET {url}");
        let body: Value = res.into_json().unwrap();
        let kinds: Vec<&str> = body["items"].as_array().unwrap().iter().filter_map(|c| c["kind"].as_str()).collect();
        assert!(kinds.contains(&"added") && kinds.contains(&"removed"), "GET {url}: {kinds:?}");
        let schema = &spec["paths"]["/diff"]["get"]["responses"]["200"]["content"]["application/json"]["schema"];
        let mut out = Vec::new();
        misfits(&spec, schema, &body, "$", &mut out);
        problems.extend(out.into_iter().take(5).map(|m| format!("GET {url} (200): {m}")));
    }
    assert!(calls > 100, "only {calls} calls");
    assert!(problems.is_empty(), "{} problems in {calls} calls:\n{}", problems.len(), problems.join("\n"));
}
