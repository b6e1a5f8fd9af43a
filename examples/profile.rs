//! Runs the pipeline over the eval articles many times (for profilers).
fn main() {
    let rounds: usize = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(20);
    let mut texts = Vec::new();
    for e in std::fs::read_dir("eval/articles").unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_some_and(|x| x == "txt") {
            texts.push(std::fs::read_to_string(p).unwrap());
        }
    }
    let pipeline = factx::Pipeline::new(factx::Config::default()).unwrap();
    let mut n = 0;
    for _ in 0..rounds {
        for t in &texts {
            n += pipeline.run(t).claims.len();
        }
    }
    println!("{n}");
}
