//! The `factx` binary.

fn main() {
    std::process::exit(factx::cli::main());
}
