//! The few git commands `cargo store` runs: what a checkout holds and what changed.

use std::path::Path;
use std::process::Command;

use super::CliError;

/// `git ARGS` in `dir`: its standard output, or its error as the message.
pub fn run(dir: &Path, args: &[&str]) -> Result<String, CliError> {
    let out = Command::new("git")
        .args(args)
        .current_dir(dir)
        .output()
        .map_err(|source| CliError::Spawn {
            program: "git".into(),
            source,
        })?;
    if !out.status.success() {
        return Err(CliError::Other(format!(
            "git {} in {}: {}",
            args.join(" "),
            dir.display(),
            String::from_utf8_lossy(&out.stderr).trim()
        )));
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// The files git shows in `root`, as a fresh clone with the same changes would have them:
/// tracked and new, not ignored; sorted.
pub fn files(root: &Path) -> Result<Vec<String>, CliError> {
    let out = run(root, &["ls-files", "-z", "--cached", "--others", "--exclude-standard"])?;
    let mut files: Vec<String> = out.split('\0').filter(|f| !f.is_empty()).map(str::to_string).collect();
    files.sort();
    files.dedup();
    Ok(files)
}
