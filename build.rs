//! Links the `soundtracks` binary as a position-dependent executable on x86-64 Linux.
//!
//! A position-independent binary of this size carries tens of thousands of relative
//! relocations that the dynamic loader applies at every start, touching (and copying) the
//! pages they sit on: a noticeable part of a fixture `build` (BENCHMARKS.md, issue 11).
//! Linked with `-no-pie` the addresses are fixed at link time. The cost is address-space randomisation
//! of the binary's own code, which a batch tool reading local files gives up knowingly;
//! shared libraries and the heap stay randomised.

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    let os = std::env::var("CARGO_CFG_TARGET_OS").unwrap_or_default();
    let arch = std::env::var("CARGO_CFG_TARGET_ARCH").unwrap_or_default();
    let env = std::env::var("CARGO_CFG_TARGET_ENV").unwrap_or_default();
    if os == "linux" && arch == "x86_64" && env == "gnu" {
        println!("cargo:rustc-link-arg-bins=-no-pie");
    }
}
