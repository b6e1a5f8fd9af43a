//! Runs the pipeline over the eval articles many times (for profilers).
//!
//! `profile [ROUNDS] [rules]`: `rules` runs the quotes stage without the attribution tagger.
fn main() {
    let mut args = std::env::args().skip(1);
    let rounds: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(20);
    let quotes = match args.next().as_deref() {
        Some("rules") => factx::QuotesChoice::RulesOnly,
        _ => factx::QuotesChoice::BuiltIn,
    };
    let mut texts = Vec::new();
    for e in std::fs::read_dir("eval/articles").unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_some_and(|x| x == "txt") {
            texts.push(std::fs::read_to_string(p).unwrap());
        }
    }
    let pipeline = factx::Pipeline::new(factx::Config {
        quotes,
        ..factx::Config::default()
    })
    .unwrap();
    let mut n = 0;
    for _ in 0..rounds {
        for t in &texts {
            n += pipeline.run(t).claims.len();
        }
    }
    println!("{n}");
}
