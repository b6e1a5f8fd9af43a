fn main() {
    let path = std::env::args().nth(1).expect("path");
    let text = std::fs::read_to_string(path).unwrap();
    let doc = factx::Doc::new(text);
    for (i, s) in doc.sentences.iter().enumerate() {
        let toks: Vec<&str> = doc.sentence_tokens(i).iter().map(|t| doc.slice(t.span)).collect();
        println!("{i:3} [{}] {}", s.paragraph, toks.join(" "));
    }
}
