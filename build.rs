//! Compiles the shipped NER model into the binary when `models/ner.bin` exists.

fn main() {
    println!("cargo::rustc-check-cfg=cfg(factx_embedded_ner)");
    println!("cargo::rerun-if-changed=models/ner.bin");
    if std::path::Path::new("models/ner.bin").exists() {
        println!("cargo::rustc-cfg=factx_embedded_ner");
    }
}
