//! `factx extract` end to end: output contract, ordering, threads, and bad input.

use std::io::{Read, Write};
use std::process::{Command, Stdio};

use serde_json::Value;

fn factx() -> Command {
    Command::new(env!("CARGO_BIN_EXE_factx"))
}

fn lines(stdout: &[u8]) -> Vec<Value> {
    String::from_utf8(stdout.to_vec())
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).expect("each line is JSON"))
        .collect()
}

const FIELDS: [&str; 9] = [
    "schema",
    "id",
    "sha256",
    "chars",
    "entities",
    "quantities",
    "quotes",
    "claims",
    "errors",
];

#[test]
fn seeds_give_four_schema_lines_in_order_whatever_the_threads() {
    let one = factx()
        .args(["extract", "--threads", "1", "seeds/"])
        .output()
        .unwrap();
    let two = factx()
        .args(["extract", "--threads", "2", "seeds/"])
        .output()
        .unwrap();
    assert!(one.status.success(), "{}", String::from_utf8_lossy(&one.stderr));
    assert_eq!(one.stdout, two.stdout, "output differs between 1 and 2 threads");
    let records = lines(&one.stdout);
    assert_eq!(records.len(), 4);
    let ids: Vec<&str> = records.iter().map(|r| r["id"].as_str().unwrap()).collect();
    let mut sorted = ids.clone();
    sorted.sort();
    assert_eq!(ids, sorted, "input order is name order within a directory");
    for r in &records {
        for f in FIELDS {
            assert!(r.get(f).is_some(), "{f} missing in {r}");
        }
        assert_eq!(r["schema"], "factx/1");
        assert_eq!(r["errors"].as_array().unwrap().len(), 0);
        assert_eq!(r["sha256"].as_str().unwrap().len(), 64);
    }
    let text = std::fs::read_to_string("seeds/000_19ad30696a8a57cd.txt").unwrap();
    assert_eq!(
        records[0]["chars"].as_u64().unwrap() as usize,
        text.chars().count()
    );
}

#[test]
fn explicit_paths_keep_the_order_given() {
    let out = factx()
        .args([
            "extract",
            "seeds/003_a1bb1f2a413f0051.txt",
            "seeds/000_19ad30696a8a57cd.txt",
        ])
        .output()
        .unwrap();
    let ids: Vec<String> = lines(&out.stdout)
        .iter()
        .map(|r| r["id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(
        ids,
        ["seeds/003_a1bb1f2a413f0051.txt", "seeds/000_19ad30696a8a57cd.txt"]
    );
}

#[cfg(unix)]
#[test]
fn bad_files_are_reported_and_the_good_one_is_complete() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::copy("seeds/000_19ad30696a8a57cd.txt", d.join("a_good.txt")).unwrap();
    std::os::unix::fs::symlink(d.join("nowhere.txt"), d.join("b_dangling.txt")).unwrap();
    std::fs::write(d.join("c_latin1.txt"), b"Caf\xe9 bombed in Idlib.\n").unwrap();
    std::fs::write(d.join("d_binary.txt"), b"\x7fELF\x02\x01\x01\x00\x00\x00binary").unwrap();
    std::fs::write(d.join("e_empty.txt"), b"").unwrap();
    std::fs::write(d.join("f_ignored.bin"), b"not matched by the glob").unwrap();

    let out = factx().arg("extract").arg(d).output().unwrap();
    assert_eq!(out.status.code(), Some(1), "some failed → exit 1");
    let stderr = String::from_utf8_lossy(&out.stderr);
    let records = lines(&out.stdout);
    assert_eq!(records.len(), 5, "one line per matched file, bad ones included");
    let by_name = |n: &str| {
        records
            .iter()
            .find(|r| r["id"].as_str().unwrap().ends_with(n))
            .unwrap()
    };

    let good = by_name("a_good.txt");
    assert_eq!(good["errors"].as_array().unwrap().len(), 0);
    let alone = factx()
        .args(["extract", "seeds/000_19ad30696a8a57cd.txt"])
        .output()
        .unwrap();
    let alone = &lines(&alone.stdout)[0];
    assert_eq!(good["sha256"], alone["sha256"]);
    assert_eq!(good["chars"], alone["chars"]);
    assert_eq!(good["quantities"], alone["quantities"]);

    for (name, words) in [
        ("b_dangling.txt", "broken symbolic link"),
        ("c_latin1.txt", "invalid UTF-8 at byte 3"),
        ("d_binary.txt", "binary file"),
        ("e_empty.txt", "empty document"),
    ] {
        let r = by_name(name);
        let err = r["errors"][0].as_str().unwrap();
        assert!(err.contains(name) && err.contains(words), "{name}: {err}");
        assert!(stderr.contains(err), "stderr names {name}: {stderr}");
        assert_eq!(r["entities"], Value::Array(vec![]));
    }
    assert!(stderr.contains("4 of 5 documents failed"), "{stderr}");
}

#[test]
fn missing_path_is_an_error_line_and_exit_1() {
    let out = factx()
        .args(["extract", "no/such/file.txt", "seeds/000_19ad30696a8a57cd.txt"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let records = lines(&out.stdout);
    assert_eq!(records.len(), 2);
    assert_eq!(records[0]["id"], "no/such/file.txt");
    assert!(records[0]["errors"][0].as_str().unwrap().contains("no such file"));
    assert_eq!(records[1]["errors"].as_array().unwrap().len(), 0);
}

#[test]
fn lossy_accepts_invalid_utf8() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("latin1.txt");
    std::fs::write(&p, b"Caf\xe9 bombed.\n").unwrap();
    let out = factx().args(["extract", "--lossy"]).arg(&p).output().unwrap();
    assert!(out.status.success());
    let r = &lines(&out.stdout)[0];
    assert_eq!(r["chars"], 13);
    assert!(String::from_utf8_lossy(&out.stderr).contains("replaced"));
}

#[test]
fn oversized_file_is_refused_with_the_limit_named() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("big.txt");
    let para = "Officials said 440,000 civilians were displaced. ".repeat(20) + "\n\n";
    std::fs::write(&p, para.repeat(60)).unwrap(); // ~ 60 KB
    let out = factx()
        .args(["extract", "--max-size", "10K"])
        .arg(&p)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = lines(&out.stdout)[0]["errors"][0].as_str().unwrap().to_string();
    assert!(
        err.contains("big.txt") && err.contains("over the limit of 10240 bytes"),
        "{err}"
    );
    let ok = factx()
        .args(["extract", "--max-size", "1M"])
        .arg(&p)
        .output()
        .unwrap();
    assert!(ok.status.success());
}

#[test]
fn stdin_is_one_document() {
    let mut child = factx()
        .args(["extract", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all("One line. Two lines.\n".as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    let r = &lines(&out.stdout)[0];
    assert_eq!(r["id"], "-");
    assert_eq!(r["chars"], 21);
}

#[test]
fn output_file_is_written_whole_and_rerun_replaces_it() {
    let dir = tempfile::tempdir().unwrap();
    let out_path = dir.path().join("facts.jsonl");
    for _ in 0..2 {
        let out = factx()
            .args(["extract", "seeds/", "-o"])
            .arg(&out_path)
            .output()
            .unwrap();
        assert!(out.status.success());
        assert!(out.stdout.is_empty());
    }
    let text = std::fs::read_to_string(&out_path).unwrap();
    assert_eq!(
        text.lines().count(),
        4,
        "rerun neither loses nor duplicates lines"
    );
    assert!(!dir.path().join("facts.jsonl.partial").exists());
}

#[test]
fn pretty_output_is_one_json_value_per_document() {
    let out = factx()
        .args(["extract", "--pretty", "seeds/000_19ad30696a8a57cd.txt"])
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["schema"], "factx/1");
}

#[test]
fn closed_pipe_ends_quietly() {
    let mut args = vec!["extract".to_string()];
    for _ in 0..200 {
        args.push("seeds/".to_string());
    }
    let mut child = factx()
        .args(&args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = child.stdout.take().unwrap();
    let mut first = [0u8; 16];
    stdout.read_exact(&mut first).unwrap();
    drop(stdout);
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[test]
fn help_has_examples_and_usage_errors_exit_2() {
    let help = factx().args(["extract", "--help"]).output().unwrap();
    assert!(help.status.success());
    assert!(String::from_utf8_lossy(&help.stdout).contains("Examples:"));
    let bad = factx()
        .args(["extract", "--threads", "many", "seeds/"])
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(2));
}

#[test]
fn eval_quotes_lists_the_attributions_it_gets_wrong() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    std::fs::create_dir_all(dir.join("text")).unwrap();
    std::fs::create_dir_all(dir.join("attributions")).unwrap();
    let text = "Rain is coming, the forecaster said. Nobody knew.";
    std::fs::write(dir.join("text/a.txt"), text).unwrap();
    // Gold whose source is cut short, so factx's "the forecaster" disagrees with it.
    let ann = "T1\tSource 16 19\tthe\nT2\tCue 31 35\tsaid\nT3\tContent 0 14\tRain is coming\n\
               T4\tAttribution 31 35\tsaid\nE1\tAttribution:T4 Content:T3 Cue:T2 Source:T1\n";
    std::fs::write(dir.join("attributions/a_x.ann"), ann).unwrap();
    let out = factx()
        .args([
            "eval",
            "quotes",
            "--quotes-model",
            "none",
            "--errors",
            "5",
            "--polnear",
        ])
        .arg(dir)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("a\n  gold: source [the] cue [said] content [Rain is coming]"),
        "{stdout}"
    );
    assert!(
        stdout.contains("  pred: source [the forecaster] cue = content ="),
        "{stdout}"
    );
    assert!(stdout.contains("source exact"), "the scores follow: {stdout}");
}
