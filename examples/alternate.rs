//! Times two or more commands run in turn, round after round, and prints each one's median
//! wall time: on a noisy machine, alternating runs see the same noise, where hyperfine's
//! one-command-after-the-other runs can land in a quiet minute for one and a busy one for
//! the next (BENCHMARKS.md, issue 11).
//!
//! `cargo run --release --example alternate -- ROUNDS -- CMD ARGS... -- CMD ARGS...`
//! Each command's output goes to /dev/null; five warm-up rounds are not counted; a command
//! that fails stops the run.

use std::process::{Command, ExitCode, Stdio};
use std::time::Instant;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let rounds: usize = match args.first().and_then(|n| n.parse().ok()) {
        Some(n) if n > 0 => n,
        _ => {
            eprintln!("usage: alternate ROUNDS -- CMD ARGS... -- CMD ARGS...");
            return ExitCode::from(2);
        }
    };
    let commands: Vec<&[String]> = args[1..]
        .split(|a| a == "--")
        .filter(|c| !c.is_empty())
        .collect();
    if commands.is_empty() {
        eprintln!("alternate: no command given; separate commands with --");
        return ExitCode::from(2);
    }
    let mut times: Vec<Vec<f64>> = vec![Vec::with_capacity(rounds); commands.len()];
    for round in 0..rounds + 5 {
        // Rotate who goes first, so no command always follows the same one.
        for k in 0..commands.len() {
            let i = (k + round) % commands.len();
            let (program, rest) = commands[i].split_first().expect("not empty");
            let start = Instant::now();
            let status = Command::new(program)
                .args(rest)
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status();
            let took = start.elapsed().as_secs_f64() * 1e3;
            match status {
                Ok(s) if s.success() => {}
                Ok(s) => {
                    eprintln!("alternate: {} exited with {s}", commands[i].join(" "));
                    return ExitCode::FAILURE;
                }
                Err(e) => {
                    eprintln!("alternate: cannot run {program}: {e}");
                    return ExitCode::FAILURE;
                }
            }
            if round >= 5 {
                times[i].push(took);
            }
        }
    }
    for (command, t) in commands.iter().zip(&mut times) {
        t.sort_by(f64::total_cmp);
        let at = |q: f64| t[((t.len() - 1) as f64 * q).round() as usize];
        println!(
            "median {:7.3} ms  p10 {:7.3}  p90 {:7.3}  {}",
            at(0.5),
            at(0.1),
            at(0.9),
            command.join(" ")
        );
    }
    ExitCode::SUCCESS
}
