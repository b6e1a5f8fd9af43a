//! Compiles the shipped NER and attribution models into the binary when they exist in `models/`, and, with the
//! `bert` feature, records libtorch's library folder as an rpath so binaries find it at run time.

fn main() {
    println!("cargo::rustc-check-cfg=cfg(factx_embedded_ner)");
    println!("cargo::rerun-if-changed=models/ner.bin");
    if std::path::Path::new("models/ner.bin").exists() {
        println!("cargo::rustc-cfg=factx_embedded_ner");
    }
    println!("cargo::rustc-check-cfg=cfg(factx_embedded_quotes)");
    println!("cargo::rerun-if-changed=models/quotes.bin");
    if std::path::Path::new("models/quotes.bin").exists() {
        println!("cargo::rustc-cfg=factx_embedded_quotes");
    }
    if std::env::var_os("CARGO_FEATURE_BERT").is_some() {
        libtorch_rpath();
    }
}

/// torch-sys links against `$LIBTORCH/lib` but gives the final binaries no rpath, so they would
/// need `LD_LIBRARY_PATH` to start. torch-sys exports the folder only to its direct dependents
/// (`DEP_TCH_LIBTORCH_LIB`, which factx does not see through tch), so read what torch-sys reads.
fn libtorch_rpath() {
    println!("cargo::rerun-if-env-changed=LIBTORCH");
    println!("cargo::rerun-if-env-changed=LIBTORCH_LIB");
    let lib = std::env::var_os("DEP_TCH_LIBTORCH_LIB")
        .map(std::path::PathBuf::from)
        .or_else(|| std::env::var_os("LIBTORCH_LIB").map(|d| std::path::PathBuf::from(d).join("lib")))
        .or_else(|| std::env::var_os("LIBTORCH").map(|d| std::path::PathBuf::from(d).join("lib")));
    if let Some(lib) = lib.filter(|l| l.is_dir()) {
        if cfg!(target_os = "linux") || cfg!(target_os = "macos") {
            println!("cargo::rustc-link-arg=-Wl,-rpath,{}", lib.display());
        }
    }
}
