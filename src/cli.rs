//! The `factx` command line: argument parsing and the batch driver.

use std::io::IsTerminal;
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
    /// Train a statistical component from corpora.
    #[command(subcommand)]
    Train(TrainCommand),
    /// Score factx against gold data: hand-labelled articles (--gold) or one stage's corpus.
    #[command(after_help = EVAL_EXAMPLES)]
    Eval(EvalArgs),
}

#[derive(Debug, Subcommand)]
pub enum TrainCommand {
    /// Train the built-in NER model (averaged perceptron) and write it to --out.
    #[command(
        after_help = "Example:\n  factx train ner --conll ../shared/data/ner/conll2003/eng.train \\\n    --wnw ../shared/data/ner/worldwide_newswire/articles \\\n    --dev ../shared/data/ner/conll2003/eng.testa --out models/ner.bin"
    )]
    Ner(TrainNerArgs),
    /// Induce word clusters from unlabelled text (an input to `train ner --clusters`).
    #[command(
        after_help = "Example:\n  factx train clusters --input ../shared/data/ner/gmb --input ../shared/data/quotes/polnear/data/train/text \\\n    --out models/clusters.tsv"
    )]
    Clusters(TrainClustersArgs),
    /// Train the attribution tagger (source, cue, content) on PolNeAR and write it to --out.
    #[command(
        after_help = "Example:\n  factx train quotes --train ../shared/data/quotes/polnear/data/train \\\n    --dev ../shared/data/quotes/polnear/data/dev --out models/quotes.bin"
    )]
    Quotes(TrainQuotesArgs),
    /// Train the phrase chunker (an input to `train quotes --chunker`) on CoNLL's chunk column.
    #[command(
        after_help = "Example:\n  factx train chunks --conll ../shared/data/ner/conll2003/eng.train \\\n    --dev ../shared/data/ner/conll2003/eng.testa --clusters models/clusters.tsv --out models/chunks.bin"
    )]
    Chunks(TrainChunksArgs),
}

#[derive(Debug, Args)]
pub struct TrainChunksArgs {
    /// CoNLL file (`word POS chunk NER` columns); repeatable.
    #[arg(long, value_name = "FILE", required = true)]
    pub conll: Vec<PathBuf>,
    /// CoNLL file scored after each epoch; the best epoch is kept.
    #[arg(long, value_name = "FILE")]
    pub dev: Option<PathBuf>,
    /// Epochs (the best on --dev is kept).
    #[arg(long, default_value_t = 10)]
    pub epochs: usize,
    /// Word clusters (`bitpath<TAB>word` lines), as for `train ner`.
    #[arg(long, value_name = "FILE")]
    pub clusters: Option<PathBuf>,
    /// Hash buckets, as a power of two.
    #[arg(long, default_value_t = 16)]
    pub bucket_bits: u32,
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    #[arg(long, value_name = "FILE", default_value = "models/chunks.bin")]
    pub out: PathBuf,
}

#[derive(Debug, Args)]
pub struct TrainQuotesArgs {
    /// PolNeAR training split folder (text/ and attributions/).
    #[arg(long, value_name = "DIR")]
    pub train: PathBuf,
    /// PolNeAR dev split folder, scored after each epoch; the best epoch is kept.
    #[arg(long, value_name = "DIR")]
    pub dev: Option<PathBuf>,
    /// Epochs of the second-pass tagger (the best on --dev is kept).
    #[arg(long, default_value_t = 12)]
    pub epochs: usize,
    /// Epochs of the first-pass tagger.
    #[arg(long, default_value_t = 10)]
    pub first_epochs: usize,
    /// Word clusters (`bitpath<TAB>word` lines), as for `train ner`.
    #[arg(long, value_name = "FILE")]
    pub clusters: Option<PathBuf>,
    /// Phrase chunker model (`factx train chunks`) whose phrases become features.
    #[arg(long, value_name = "FILE")]
    pub chunker: Option<PathBuf>,
    /// Folds for the jack-knifed first pass the second pass learns from (below 2: one pass only).
    #[arg(long, default_value_t = 5)]
    pub folds: usize,
    /// Hash buckets, as a power of two.
    #[arg(long, default_value_t = 18)]
    pub bucket_bits: u32,
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    #[arg(long, value_name = "FILE", default_value = "models/quotes.bin")]
    pub out: PathBuf,
    /// Also print the first N dev paragraphs where the kept model and the gold disagree.
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub errors: usize,
}

#[derive(Debug, Args)]
pub struct TrainClustersArgs {
    /// Corpus file or folder (CoNLL, Worldwide Newswire .tsv, GMB .csv, plain .txt); repeatable.
    #[arg(long, value_name = "PATH", required_unless_present = "wnw")]
    pub input: Vec<PathBuf>,
    /// Worldwide Newswire articles folder: its training split only (the held-out tenth is left out).
    #[arg(long, value_name = "DIR")]
    pub wnw: Option<PathBuf>,
    #[arg(long, default_value_t = 3)]
    pub min_count: usize,
    #[arg(long, default_value_t = 1000)]
    pub contexts: usize,
    #[arg(long, default_value_t = 128)]
    pub dims: usize,
    #[arg(long, default_value_t = 16)]
    pub depth: usize,
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    #[arg(long, value_name = "FILE", default_value = "models/clusters.tsv")]
    pub out: PathBuf,
}

#[derive(Debug, Args)]
pub struct TrainNerArgs {
    /// CoNLL training file (IOB1 or IOB2); repeatable.
    #[arg(long, value_name = "FILE")]
    pub conll: Vec<PathBuf>,
    /// Worldwide Newswire articles folder (every tenth file is held out, never trained on).
    #[arg(long, value_name = "DIR")]
    pub wnw: Option<PathBuf>,
    /// CoNLL dev file scored after each epoch; the best epoch is kept.
    #[arg(long, value_name = "FILE")]
    pub dev: Option<PathBuf>,
    /// Word clusters (`bitpath<TAB>word` lines).
    #[arg(long, value_name = "FILE")]
    pub clusters: Option<PathBuf>,
    #[arg(long, default_value_t = 12)]
    pub epochs: usize,
    /// Hash buckets, as a power of two.
    #[arg(long, default_value_t = 20)]
    pub bucket_bits: u32,
    /// Folds for the jack-knifed training gazetteer.
    #[arg(long, default_value_t = 5)]
    pub folds: usize,
    /// Training seed; several (`--seed 1,3,5`) train one model each and write their weight average.
    #[arg(long, value_delimiter = ',', default_value = "1")]
    pub seed: Vec<u64>,
    /// Times each Worldwide Newswire sentence is presented per epoch.
    #[arg(long, default_value_t = 1)]
    pub wnw_weight: usize,
    /// Epochs of the jack-knifed models that make the training prediction history (0: none).
    #[arg(long, default_value_t = 6)]
    pub history_epochs: usize,
    /// Hold every ninth Worldwide Newswire training file out as a second dev set, for choosing
    /// settings (the held-out tenth stays untouched); epochs are then chosen on the mean dev F1.
    #[arg(long)]
    pub wnw_dev: bool,
    /// GMB `ner_dataset.csv`: train on its sentences too (types mapped, titles cut from people)
    #[arg(long, value_name = "FILE")]
    pub gmb: Option<PathBuf>,
    #[arg(long, value_name = "FILE", default_value = "models/ner.bin")]
    pub out: PathBuf,
}

const EVAL_EXAMPLES: &str = "\
Examples:
  factx eval --gold eval/gold                       run the pipeline on eval/articles, score every layer
  factx eval --gold eval/gold --pred out.jsonl      score saved output instead
  factx eval ner --conll ../shared/data/ner/conll2003/eng.testa
  factx eval numbers --news eval/numbers_news.jsonl --recognizers ../shared/data/numbers/recognizers-text";

#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct EvalArgs {
    #[command(subcommand)]
    pub command: Option<EvalCommand>,
    /// Folder of gold JSON files (NAME.json); the articles are in ../articles/NAME.txt.
    #[arg(long, value_name = "DIR")]
    pub gold: Option<PathBuf>,
    /// Folder of the articles (default: the gold folder's sibling `articles`).
    #[arg(long, value_name = "DIR")]
    pub articles: Option<PathBuf>,
    /// Score saved factx JSON lines instead of running the pipeline (matched by file name).
    #[arg(long, value_name = "FILE")]
    pub pred: Option<PathBuf>,
    /// Print scores per document too.
    #[arg(long)]
    pub per_doc: bool,
    /// NER model file for the pipeline run (default: the built-in one); `none` turns NER off.
    #[arg(long, value_name = "FILE")]
    pub ner_model: Option<PathBuf>,
    /// Attribution tagger file for the pipeline run (default: the built-in one); `none`: rules only.
    #[arg(long, value_name = "FILE")]
    pub quotes_model: Option<PathBuf>,
    /// Which attributions the pipeline run reports: speech (default) or all.
    #[arg(long, value_enum, default_value_t = Attributions::Speech)]
    pub attributions: Attributions,
    /// Print a JSON report instead of tables.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Subcommand)]
pub enum EvalCommand {
    /// Score NER on a CoNLL file (conlleval) or on the held-out tenth of Worldwide Newswire.
    Ner(EvalNerArgs),
    /// Score quotes on PolNeAR (source, cue, content: exact and token-overlap F1).
    #[command(after_help = "Example:\n  factx eval quotes --polnear ../shared/data/quotes/polnear/data/dev")]
    Quotes(EvalQuotesArgs),
    /// Score the numbers stage on the news spec and/or Microsoft Recognizers-Text specs.
    #[command(
        after_help = "Example:\n  factx eval numbers --news eval/numbers_news.jsonl \\\n    --recognizers ../shared/data/numbers/recognizers-text"
    )]
    Numbers(EvalNumbersArgs),
}

#[derive(Debug, Args)]
pub struct EvalQuotesArgs {
    /// A PolNeAR split folder holding text/ and attributions/ (the first annotator file per article is used).
    #[arg(long, value_name = "DIR")]
    pub polnear: PathBuf,
    /// NER model file (default: the model built into factx); `none` turns NER off.
    #[arg(long, value_name = "FILE")]
    pub ner_model: Option<PathBuf>,
    /// Attribution model file (default: the model built into factx); `none` scores the rules alone.
    #[arg(long, value_name = "FILE")]
    pub quotes_model: Option<PathBuf>,
    /// Which attributions to report: speech (quotes and reported speech) or all (thoughts and
    /// intentions too, as PolNeAR annotates them).
    #[arg(long, value_enum, default_value_t = Attributions::Speech)]
    pub attributions: Attributions,
    /// Also print up to N attributions where factx and the gold disagree.
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub errors: usize,
    /// Print a JSON report instead of a table.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct EvalNumbersArgs {
    /// The news spec (JSON lines of {id, text, quantities}).
    #[arg(long, value_name = "FILE")]
    pub news: Option<PathBuf>,
    /// Recognizers-Text folder holding gold_en.jsonl.
    #[arg(long, value_name = "DIR")]
    pub recognizers: Option<PathBuf>,
    /// Waived Recognizers cases, one {suite, idx, reason} per line.
    #[arg(long, value_name = "FILE", default_value = "eval/recognizers_waivers.jsonl")]
    pub waivers: PathBuf,
    /// Print every failing case.
    #[arg(long)]
    pub failures: bool,
    /// Print a JSON report instead of tables.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct EvalNerArgs {
    /// CoNLL file to score (IOB1 or IOB2).
    #[arg(long, value_name = "FILE", required_unless_present = "wnw")]
    pub conll: Option<PathBuf>,
    /// Worldwide Newswire articles folder: scores its held-out tenth.
    #[arg(long, value_name = "DIR")]
    pub wnw: Option<PathBuf>,
    /// With --wnw: score the ninth of its training files that `train ner --wnw-dev` holds out
    /// (the set for choosing settings) instead of the held-out tenth.
    #[arg(long, requires = "wnw")]
    pub wnw_dev: bool,
    /// NER model file (default: the model built into factx).
    #[arg(long, value_name = "FILE")]
    pub model: Option<PathBuf>,
    /// Print a JSON report instead of a table.
    #[arg(long)]
    pub json: bool,
    /// Also print the first N sentences where prediction and gold disagree.
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub errors: usize,
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
    /// Reference date (YYYY-MM-DD) for relative dates such as "last month" and "yesterday".
    #[arg(long, value_name = "DATE")]
    pub date: Option<chrono::NaiveDate>,
    /// NER model file (default: the model built into factx); `none` turns NER off.
    #[arg(long, value_name = "FILE")]
    pub ner_model: Option<PathBuf>,
    /// Attribution tagger file (default: the model built into factx); `none` leaves quotes to
    /// the rules alone.
    #[arg(long, value_name = "FILE")]
    pub quotes_model: Option<PathBuf>,
    /// Which attributions become quotes: speech (what people said or wrote) or all (their
    /// thoughts and intentions too: "X wants …", "X believes …").
    #[arg(long, value_enum, default_value_t = Attributions::Speech)]
    pub attributions: Attributions,
    /// Run NER with a BERT token-classification model directory instead (config.json,
    /// rust_model.ot or model.safetensors, tokenizer.json or vocab.txt).
    #[cfg(feature = "bert")]
    #[arg(long, value_name = "DIR", conflicts_with = "ner_model")]
    pub bert_model_dir: Option<PathBuf>,
    /// Where the BERT model runs: cpu (default), cuda or cuda:N.
    #[cfg(feature = "bert")]
    #[arg(long, value_name = "DEVICE", requires = "bert_model_dir")]
    pub device: Option<crate::ner::bert::Device>,
    /// Also store everything in this SQLite database (created if needed); JSON lines then go
    /// only to --output, if given.
    #[arg(long, value_name = "FILE")]
    pub db: Option<PathBuf>,
    /// With --db: skip inputs already stored (by path) without reading them again.
    #[arg(long, requires = "db")]
    pub resume: bool,
    /// The outlet that published the articles: the source of claims the article attributes to
    /// no one (default: the outlet the article names, such as "told ITV News").
    #[arg(long, value_name = "NAME")]
    pub publisher: Option<String>,
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
        Command::Train(TrainCommand::Ner(args)) => train_ner(&args),
        Command::Train(TrainCommand::Quotes(a)) => {
            if !(10..=26).contains(&a.bucket_bits) {
                return fatal(anyhow::anyhow!("--bucket-bits must be between 10 and 26"));
            }
            let cfg = crate::quotes::train::QuotesTrainConfig {
                train: a.train.clone(),
                dev: a.dev.clone(),
                epochs: a.epochs,
                buckets: 1 << a.bucket_bits,
                seed: a.seed,
                first_epochs: a.first_epochs,
                clusters: a.clusters.clone(),
                chunker: a.chunker.clone(),
                folds: a.folds,
                out: a.out.clone(),
                errors: a.errors,
            };
            crate::quotes::train::train(&cfg).map(|_| EXIT_OK)
        }
        Command::Train(TrainCommand::Chunks(a)) => {
            if !(10..=26).contains(&a.bucket_bits) {
                return fatal(anyhow::anyhow!("--bucket-bits must be between 10 and 26"));
            }
            let cfg = crate::chunk::train::ChunkTrainConfig {
                conll: a.conll.clone(),
                dev: a.dev.clone(),
                epochs: a.epochs,
                buckets: 1 << a.bucket_bits,
                seed: a.seed,
                clusters: a.clusters.clone(),
                out: a.out.clone(),
            };
            crate::chunk::train::train(&cfg).map(|_| EXIT_OK)
        }
        Command::Train(TrainCommand::Clusters(a)) => {
            let mut inputs = a.input.clone();
            if let Some(dir) = &a.wnw {
                match crate::ner::corpus::wnw_split(dir) {
                    Ok((train, _)) => inputs.extend(train),
                    Err(e) => return fatal(e),
                }
            }
            let cfg = crate::ner::clusters::ClusterConfig {
                inputs,
                min_count: a.min_count,
                contexts: a.contexts,
                dims: a.dims,
                depth: a.depth,
                seed: a.seed,
                out: a.out.clone(),
            };
            crate::ner::clusters::train(&cfg).map(|n| {
                eprintln!("wrote {n} word clusters to {}", a.out.display());
                EXIT_OK
            })
        }
        Command::Eval(EvalArgs {
            command: Some(EvalCommand::Ner(args)),
            ..
        }) => eval_ner(&args),
        Command::Eval(EvalArgs {
            command: Some(EvalCommand::Numbers(args)),
            ..
        }) => eval_numbers(&args),
        Command::Eval(EvalArgs {
            command: Some(EvalCommand::Quotes(args)),
            ..
        }) => {
            let pipeline = Pipeline::new(Config {
                ner: ner_choice(args.ner_model.as_deref()),
                quotes: quotes_choice(args.quotes_model.as_deref()),
                attributions: args.attributions.into(),
                ..Config::default()
            });
            pipeline
                .and_then(|p| {
                    if args.errors > 0 {
                        for line in crate::eval::polnear::disagreements(&args.polnear, &p, args.errors)? {
                            println!("{line}");
                        }
                    }
                    crate::eval::polnear::score(&args.polnear, &p)
                })
                .and_then(|r| {
                    if args.json {
                        println!("{}", serde_json::to_string_pretty(&r)?);
                    } else {
                        print!("{}", r.table(&format!("PolNeAR {}", args.polnear.display())));
                    }
                    Ok(EXIT_OK)
                })
        }
        Command::Eval(args) => eval_gold(&args),
    };
    result.unwrap_or_else(|e| {
        eprintln!("factx: {e:#}");
        EXIT_FATAL
    })
}

/// Which attributions become quotes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Attributions {
    /// What people said or wrote.
    Speech,
    /// Thoughts and intentions too.
    All,
}

impl From<Attributions> for crate::quotes::Scope {
    fn from(a: Attributions) -> crate::quotes::Scope {
        match a {
            Attributions::Speech => crate::quotes::Scope::Speech,
            Attributions::All => crate::quotes::Scope::All,
        }
    }
}

/// The NER model a `--ner-model` option names.
fn ner_choice(path: Option<&std::path::Path>) -> crate::NerChoice {
    match path {
        None => crate::NerChoice::BuiltIn,
        Some(p) if p.as_os_str() == "none" => crate::NerChoice::Off,
        Some(p) => crate::NerChoice::File(p.to_path_buf()),
    }
}

/// The attribution tagger a `--quotes-model` option names.
fn quotes_choice(path: Option<&std::path::Path>) -> crate::QuotesChoice {
    match path {
        None => crate::QuotesChoice::BuiltIn,
        Some(p) if p.as_os_str() == "none" => crate::QuotesChoice::RulesOnly,
        Some(p) => crate::QuotesChoice::File(p.to_path_buf()),
    }
}

/// Run `factx train ner`.
fn train_ner(args: &TrainNerArgs) -> anyhow::Result<i32> {
    anyhow::ensure!(
        (10..=26).contains(&args.bucket_bits),
        "--bucket-bits must be between 10 and 26"
    );
    let cfg = crate::ner::train::NerTrainConfig {
        conll: args.conll.clone(),
        wnw: args.wnw.clone(),
        dev: args.dev.clone(),
        clusters: args.clusters.clone(),
        epochs: args.epochs,
        buckets: 1 << args.bucket_bits,
        folds: args.folds,
        seeds: args.seed.clone(),
        wnw_weight: args.wnw_weight,
        history_epochs: args.history_epochs,
        wnw_dev: args.wnw_dev,
        gmb: args.gmb.clone(),
        out: args.out.clone(),
    };
    crate::ner::train::train(&cfg)?;
    Ok(EXIT_OK)
}

/// Load the NER model named on the command line, or the built-in one.
fn load_ner(path: Option<&std::path::Path>) -> anyhow::Result<crate::ner::NerModel> {
    match path {
        Some(p) => crate::ner::NerModel::load(p),
        None => crate::ner::NerModel::embedded().unwrap_or_else(|| {
            Err(anyhow::anyhow!(
                "this factx was built without models/ner.bin; pass --model FILE"
            ))
        }),
    }
}

/// Run `factx eval ner`.
fn eval_ner(args: &EvalNerArgs) -> anyhow::Result<i32> {
    let model = load_ner(args.model.as_deref())?;
    let mut reports = Vec::new();
    if let Some(path) = &args.conll {
        let docs = crate::ner::corpus::read_conll(path)?;
        for line in crate::ner::train::disagreements(&model, &docs, args.errors) {
            println!("{line}");
        }
        reports.push((
            path.display().to_string(),
            crate::ner::train::evaluate(&model, &docs),
        ));
    }
    if let Some(dir) = &args.wnw {
        let (test, which) = if args.wnw_dev {
            (crate::ner::corpus::wnw_dev_split(dir)?.1, "dev ninth")
        } else {
            (crate::ner::corpus::wnw_split(dir)?.1, "held-out tenth")
        };
        let docs = test
            .iter()
            .map(|f| crate::ner::corpus::read_wnw(f))
            .collect::<anyhow::Result<Vec<_>>>()?;
        for line in crate::ner::train::disagreements(&model, &docs, args.errors) {
            println!("{line}");
        }
        reports.push((
            format!("{} ({which}, {} files)", dir.display(), docs.len()),
            crate::ner::train::evaluate(&model, &docs),
        ));
    }
    if args.json {
        let map: serde_json::Map<String, serde_json::Value> = reports
            .iter()
            .map(|(k, r)| (k.clone(), serde_json::to_value(r).unwrap_or_default()))
            .collect();
        println!("{}", serde_json::to_string_pretty(&map)?);
    } else {
        for (name, r) in &reports {
            println!("{}", r.table(&format!("NER on {name}")));
        }
    }
    Ok(EXIT_OK)
}

fn fatal(e: anyhow::Error) -> i32 {
    eprintln!("factx: {e:#}");
    EXIT_FATAL
}

/// The publisher named by an article's `.meta` file: its `publisher:` line, or the site of its
/// `source:` address (`https://en.wikinews.org/…` → Wikinews).
fn publisher_from_meta(path: &std::path::Path) -> Option<String> {
    let meta = std::fs::read_to_string(path).ok()?;
    if let Some(p) = meta.lines().find_map(|l| l.strip_prefix("publisher:")) {
        return Some(p.trim().to_string());
    }
    let line = meta.lines().find_map(|l| l.strip_prefix("source:"))?.trim();
    let host = line.split("://").nth(1)?.split('/').next()?;
    let parts: Vec<&str> = host.split('.').collect();
    let name = parts.get(parts.len().checked_sub(2)?)?;
    let mut c = name.chars();
    Some(c.next()?.to_uppercase().chain(c).collect())
}

/// Run `factx eval --gold DIR`.
fn eval_gold(args: &EvalArgs) -> anyhow::Result<i32> {
    use anyhow::Context;
    let Some(gold_dir) = &args.gold else {
        anyhow::bail!("pass --gold DIR, or a subcommand (ner, numbers); see `factx eval --help`");
    };
    let articles = args
        .articles
        .clone()
        .unwrap_or_else(|| gold_dir.join("..").join("articles"));
    let saved: std::collections::HashMap<String, Record> = match &args.pred {
        None => Default::default(),
        Some(p) => std::fs::read_to_string(p)
            .with_context(|| format!("reading {}", p.display()))?
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(|l| {
                let r: Record = serde_json::from_str(l)?;
                let name = std::path::Path::new(&r.id)
                    .file_name()
                    .map(|n| n.to_string_lossy().to_string())
                    .unwrap_or_default();
                Ok((name, r))
            })
            .collect::<anyhow::Result<_>>()?,
    };
    let mut files: Vec<PathBuf> = std::fs::read_dir(gold_dir)
        .with_context(|| format!("reading {}", gold_dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    let mut pipelines: std::collections::HashMap<Option<String>, Pipeline> = Default::default();
    let mut total = crate::eval::gold::GoldReport::default();
    let mut per_doc = Vec::new();
    for f in &files {
        let gold: Record = serde_json::from_str(&std::fs::read_to_string(f)?)
            .with_context(|| format!("reading {}", f.display()))?;
        let stem = f
            .file_stem()
            .map(|s| s.to_string_lossy().to_string())
            .unwrap_or_default();
        let article = articles.join(format!("{stem}.txt"));
        let pred = match saved.get(&format!("{stem}.txt")) {
            Some(r) => r.clone(),
            None if args.pred.is_some() => anyhow::bail!(
                "{} has no prediction for {stem}.txt",
                args.pred.as_deref().unwrap_or(std::path::Path::new("")).display()
            ),
            None => {
                let text = std::fs::read_to_string(&article)
                    .with_context(|| format!("reading {}", article.display()))?;
                let publisher = publisher_from_meta(&articles.join(format!("{stem}.meta")));
                if !pipelines.contains_key(&publisher) {
                    let p = Pipeline::new(Config {
                        publisher: publisher.clone(),
                        ner: ner_choice(args.ner_model.as_deref()),
                        quotes: quotes_choice(args.quotes_model.as_deref()),
                        attributions: args.attributions.into(),
                        ..Config::default()
                    })?;
                    pipelines.insert(publisher.clone(), p);
                }
                Record::from_extraction(format!("{stem}.txt"), None, &pipelines[&publisher].run(&text))
            }
        };
        total.add(&gold, &pred);
        if args.per_doc {
            let mut one = crate::eval::gold::GoldReport::default();
            one.add(&gold, &pred);
            per_doc.push((stem, one));
        }
    }
    if args.json {
        let mut map = serde_json::Map::new();
        map.insert("all".into(), serde_json::to_value(&total)?);
        for (k, v) in &per_doc {
            map.insert(k.clone(), serde_json::to_value(v)?);
        }
        println!("{}", serde_json::to_string_pretty(&map)?);
    } else {
        for (k, v) in &per_doc {
            println!("{}", v.table(k));
        }
        println!("{}", total.table(&format!("all of {}", gold_dir.display())));
    }
    Ok(EXIT_OK)
}

/// Run `factx eval numbers`.
fn eval_numbers(args: &EvalNumbersArgs) -> anyhow::Result<i32> {
    use crate::eval::numbers as en;
    anyhow::ensure!(
        args.news.is_some() || args.recognizers.is_some(),
        "pass --news FILE and/or --recognizers DIR"
    );
    let numbers = crate::numbers::Numbers::default();
    let mut json = serde_json::Map::new();
    if let Some(path) = &args.news {
        let r = en::score_news(path, &numbers)?;
        if args.json {
            json.insert("news".into(), serde_json::to_value(&r)?);
        } else {
            let mut rows = vec![
                ("span".to_string(), r.span),
                ("span + value".to_string(), r.span_value),
                ("all fields".to_string(), r.full),
            ];
            rows.iter_mut().for_each(|r| r.0 = format!("quantities: {}", r.0));
            print!(
                "{}",
                crate::eval::table(
                    &format!("numbers on {} ({} cases)", path.display(), r.cases),
                    &rows
                )
            );
            println!(
                "cases entirely right: {} of {} ({:.1} %)",
                r.cases_exact,
                r.cases,
                100.0 * r.cases_exact as f64 / r.cases.max(1) as f64
            );
            let acc: Vec<String> = r
                .field_accuracy
                .iter()
                .map(|(k, v)| format!("{k} {v:.1}"))
                .collect();
            println!("field accuracy on matched spans (%): {}\n", acc.join(", "));
            if args.failures {
                r.failures.iter().for_each(|f| println!("{f}"));
            }
        }
    }
    if let Some(dir) = &args.recognizers {
        let waivers = en::read_waivers(&args.waivers)?;
        let r = en::score_recognizers(dir, &waivers, &numbers)?;
        if args.json {
            json.insert("recognizers".into(), serde_json::to_value(&r)?);
        } else {
            let mut rows: Vec<(String, crate::eval::Prf)> =
                r.per_suite.iter().map(|(k, v)| (k.clone(), *v)).collect();
            rows.push(("overall".to_string(), r.overall));
            print!(
                "{}",
                crate::eval::table("Recognizers-Text, exact span + value", &rows)
            );
            for (suite, (ok, n)) in &r.cases {
                println!("{suite}: {ok} of {n} cases entirely right");
            }
            println!("waived: {} cases ({})\n", r.waived.len(), args.waivers.display());
            if args.failures {
                r.failures.iter().for_each(|f| println!("{f}"));
            }
        }
    }
    if args.json {
        println!("{}", serde_json::to_string_pretty(&json)?);
    }
    Ok(EXIT_OK)
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
    let ner = ner_choice(args.ner_model.as_deref());
    #[cfg(feature = "bert")]
    let ner = match &args.bert_model_dir {
        Some(dir) => crate::NerChoice::Bert {
            dir: dir.clone(),
            device: args.device.unwrap_or_default(),
        },
        None => ner,
    };
    let pipeline = Pipeline::new(Config {
        ner,
        quotes: quotes_choice(args.quotes_model.as_deref()),
        attributions: args.attributions.into(),
        reference_date: args.date,
        publisher: args.publisher.clone(),
    })?;
    let mut inputs = input::collect(&args.paths, &glob);
    let mut store = args.db.as_deref().map(crate::store::Store::open).transpose()?;
    if args.resume {
        if let Some(store) = &store {
            let before = inputs.len();
            let mut kept = Vec::with_capacity(inputs.len());
            for i in inputs {
                let stored = match &i {
                    Ok(input) => store.has_source(&input.id)?,
                    Err(_) => false,
                };
                if !stored {
                    kept.push(i);
                }
            }
            inputs = kept;
            if !args.quiet && before > inputs.len() {
                eprintln!(
                    "factx: --resume: skipping {} inputs already stored",
                    before - inputs.len()
                );
            }
        }
    }
    let mut sink = if store.is_some() && args.output.is_none() {
        None
    } else {
        Some(crate::store::JsonLines::open(
            args.output.as_deref(),
            args.pretty,
        )?)
    };
    let threads = args.threads.unwrap_or(0);
    let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build()?;
    let progress = progress_bar(inputs.len() as u64, args.quiet);
    let mut failed = 0usize;
    // The next batch is extracted while this one is written, so the writes (JSON lines or
    // SQLite, on this thread) overlap the extraction instead of leaving the pool idle.
    let written = std::thread::scope(|scope| -> anyhow::Result<bool> {
        let (batches, extracted) = std::sync::mpsc::sync_channel::<Vec<Record>>(1);
        let inputs = &inputs;
        let (pipeline, opts, pool) = (&pipeline, &opts, &pool);
        scope.spawn(move || {
            for batch in inputs.chunks(BATCH) {
                let records = pool.install(|| batch.par_iter().map(|i| process(pipeline, i, opts)).collect());
                if batches.send(records).is_err() {
                    break; // the writer stopped
                }
            }
        });
        for records in extracted {
            if let Some(store) = store.as_mut() {
                store.write_batch(&records)?;
            }
            for record in records {
                if !record.errors.is_empty() {
                    failed += 1;
                    if !args.quiet {
                        for e in &record.errors {
                            progress.suspend(|| eprintln!("factx: {e}"));
                        }
                    }
                }
                let written = match sink.as_mut() {
                    Some(sink) => sink.write(&record),
                    None => Ok(()),
                };
                match written {
                    Ok(()) => {}
                    Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => return Ok(false),
                    Err(e) => return Err(anyhow::anyhow!("cannot write output: {e}")),
                }
                progress.inc(1);
            }
        }
        Ok(true)
    })?;
    if !written {
        // A closed pipe (`factx extract … | head`) ends the run quietly.
        return Ok(if failed > 0 { EXIT_SOME_FAILED } else { EXIT_OK });
    }
    progress.finish_and_clear();
    match sink.map(|s| s.finish()).unwrap_or(Ok(())) {
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
