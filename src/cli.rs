//! The `factx` command line: argument parsing and the batch driver.

use std::io::{IsTerminal, Write};
use std::panic::AssertUnwindSafe;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};
use rayon::prelude::*;

use crate::input::{self, Input, InputError, ReadOptions};
use crate::{Config, Pipeline, Record};

/// Exit code when every document was processed.
pub const EXIT_OK: i32 = 0;
/// Exit code when at least one document failed (the others were still processed).
pub const EXIT_SOME_FAILED: i32 = 1;
/// Exit code for usage errors and fatal problems (output not writable, model not loadable).
pub const EXIT_FATAL: i32 = 2;

const EXTRACT_EXAMPLES: &str = "\
Examples:
  factx extract seeds/                       every *.txt under seeds/, JSON lines to stdout
  factx extract a.txt b.txt -o facts.jsonl   two files into facts.jsonl
  factx extract --glob '*.md' --threads 2 corpus/
  cat article.txt | factx extract -          read one document from stdin
  factx extract --pretty seeds/001_38e36357d62ed8c8.txt

Exit codes: 0 all documents processed; 1 some documents failed (each has an output line with
`errors` filled and a message on stderr); 2 usage or fatal error.";

/// factx: facts from news — entities, numbers, quotes with their speakers, claims with their sources.
#[derive(Debug, Parser)]
#[command(name = "factx", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Extract facts from articles and write one factx/1 JSON line per document.
    #[command(after_help = EXTRACT_EXAMPLES)]
    Extract(ExtractArgs),
}

#[derive(Debug, Args)]
pub struct ExtractArgs {
    /// Files, directories (walked recursively) or `-` for stdin.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<String>,
    /// Write JSON lines to FILE (written whole, then moved into place) instead of stdout.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Indent the JSON (one object over several lines per document).
    #[arg(long)]
    pub pretty: bool,
    /// Worker threads (default: one per core).
    #[arg(short = 'j', long, value_name = "N")]
    pub threads: Option<usize>,
    /// File-name pattern for files found in directories; repeatable.
    #[arg(long, value_name = "GLOB", default_value = "*.txt")]
    pub glob: Vec<String>,
    /// Largest document accepted (bytes, or with K/M/G).
    #[arg(long, value_name = "SIZE", default_value = "16M", value_parser = input::parse_size)]
    pub max_size: u64,
    /// Replace invalid UTF-8 with U+FFFD instead of rejecting the document.
    #[arg(long)]
    pub lossy: bool,
    /// No progress bar and no per-file messages on stderr (errors still go to the output).
    #[arg(short, long)]
    pub quiet: bool,
}

/// Parse the arguments, run, and return the process exit code.
pub fn main() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() { EXIT_FATAL } else { EXIT_OK };
            let _ = e.print();
            return code;
        }
    };
    let result = match cli.command {
        Command::Extract(args) => extract(&args),
    };
    result.unwrap_or_else(|e| {
        eprintln!("factx: {e:#}");
        EXIT_FATAL
    })
}

/// Documents processed together before their lines are written, in input order.
const BATCH: usize = 256;

/// Run `factx extract`.
pub fn extract(args: &ExtractArgs) -> anyhow::Result<i32> {
    let glob = input::glob_set(&args.glob)?;
    let opts = ReadOptions {
        max_size: args.max_size,
        lossy: args.lossy,
    };
    let pipeline = Pipeline::new(Config::default())?;
    let inputs = input::collect(&args.paths, &glob);
    let mut sink = Sink::open(args.output.as_deref())?;
    let threads = args.threads.unwrap_or(0);
    let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build()?;
    let progress = progress_bar(inputs.len() as u64, args.quiet);
    let mut failed = 0usize;
    for batch in inputs.chunks(BATCH) {
        let records: Vec<Record> =
            pool.install(|| batch.par_iter().map(|i| process(&pipeline, i, &opts)).collect());
        for record in records {
            if !record.errors.is_empty() {
                failed += 1;
                if !args.quiet {
                    for e in &record.errors {
                        progress.suspend(|| eprintln!("factx: {e}"));
                    }
                }
            }
            match sink.write(&record, args.pretty) {
                Ok(()) => {}
                Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {
                    return Ok(if failed > 0 { EXIT_SOME_FAILED } else { EXIT_OK });
                }
                Err(e) => return Err(anyhow::anyhow!("cannot write output: {e}")),
            }
            progress.inc(1);
        }
    }
    progress.finish_and_clear();
    match sink.finish() {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {}
        other => other.map_err(|e| anyhow::anyhow!("cannot write output: {e}"))?,
    }
    if failed > 0 && !args.quiet {
        eprintln!("factx: {failed} of {} documents failed", inputs.len());
    }
    Ok(if failed > 0 { EXIT_SOME_FAILED } else { EXIT_OK })
}

/// Read one input and run the pipeline on it; every failure becomes a record with `errors`.
fn process(pipeline: &Pipeline, entry: &Result<Input, InputError>, opts: &ReadOptions) -> Record {
    let input = match entry {
        Ok(i) => i,
        Err(e) => return Record::failed(e.id(), e.to_string()),
    };
    let loaded = match input::read(input, opts) {
        Ok(l) => l,
        Err(e) => return Record::failed(&input.id, e.to_string()),
    };
    let run = std::panic::catch_unwind(AssertUnwindSafe(|| pipeline.run(&loaded.text)));
    match run {
        Ok(x) => {
            let record = Record::from_extraction(&input.id, Some(loaded.sha256), &x);
            if loaded.replaced {
                eprintln!(
                    "factx: {}: invalid UTF-8 replaced with U+FFFD (--lossy)",
                    input.id
                );
            }
            record
        }
        Err(_) => Record::failed(
            &input.id,
            format!("{}: internal error while extracting (please report)", input.id),
        ),
    }
}

fn progress_bar(len: u64, quiet: bool) -> indicatif::ProgressBar {
    if quiet || !std::io::stderr().is_terminal() {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::new(len);
    if let Ok(style) = indicatif::ProgressStyle::with_template(
        "{elapsed_precise} [{bar:40}] {pos}/{len} docs ({per_sec}, eta {eta})",
    ) {
        bar.set_style(style.progress_chars("=> "));
    }
    bar
}

/// Where JSON lines go: stdout, or a file written beside its final name and moved into place.
struct Sink {
    out: Box<dyn Write>,
    target: Option<(PathBuf, PathBuf)>,
}

impl Sink {
    fn open(path: Option<&std::path::Path>) -> anyhow::Result<Sink> {
        match path {
            None => Ok(Sink {
                out: Box::new(std::io::BufWriter::new(std::io::stdout().lock())),
                target: None,
            }),
            Some(p) => {
                let mut partial = p.as_os_str().to_owned();
                partial.push(".partial");
                let partial = PathBuf::from(partial);
                let file = std::fs::File::create(&partial)
                    .map_err(|e| anyhow::anyhow!("cannot create {}: {e}", partial.display()))?;
                Ok(Sink {
                    out: Box::new(std::io::BufWriter::new(file)),
                    target: Some((partial, p.to_path_buf())),
                })
            }
        }
    }

    fn write(&mut self, record: &Record, pretty: bool) -> std::io::Result<()> {
        if pretty {
            serde_json::to_writer_pretty(&mut self.out, record)?;
        } else {
            serde_json::to_writer(&mut self.out, record)?;
        }
        self.out.write_all(b"\n")
    }

    fn finish(mut self) -> std::io::Result<()> {
        self.out.flush()?;
        drop(self.out);
        if let Some((partial, target)) = self.target.take() {
            std::fs::rename(partial, target)?;
        }
        Ok(())
    }
}
