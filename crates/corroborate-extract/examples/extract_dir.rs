//! Extracts every document of a directory and prints its claims as JSON
//! Lines: a quick development loop that needs no CLI build.
//!
//! `cargo run --release -p corroborate-extract --example extract_dir -- DIR`
//!
//! With `FRAME=1` in the environment, each document's frame, format, first
//! paragraphs and labelled rows go to standard error.

use corroborate_doc::{Document, FormatHint};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = std::env::args().nth(1).ok_or("usage: extract_dir DIR")?;
    let mut names: Vec<_> = std::fs::read_dir(&dir)?.filter_map(|e| e.ok()).map(|e| e.path()).collect();
    names.sort();
    for path in names.iter().filter(|p| p.is_file()) {
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default().to_string();
        let doc = Document::read(&name, std::fs::read(path)?, FormatHint::Auto)?;
        if std::env::var_os("FRAME").is_some() {
            let f = corroborate_extract::frame(&doc);
            eprintln!("{name}: {:?} {:?} {:?}-{:?} violent={}", f.title, f.place, f.year_start, f.year_end, f.violent);
            eprintln!("   format {:?}", doc.format);
            for p in doc.paragraphs.iter().take(8) {
                eprintln!("   P {:?}", doc.clean(p.span).chars().take(70).collect::<String>());
            }
            for fl in &doc.fields {
                eprintln!("   [{}] = {}", doc.clean(fl.label), doc.clean(fl.value).chars().take(80).collect::<String>());
            }
        }
        for c in corroborate_extract::extract(&doc) {
            println!("{}", serde_json::to_string(&c)?);
        }
    }
    Ok(())
}
