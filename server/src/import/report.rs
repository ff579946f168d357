//! What an import found wrong, before anything is written: each problem with the line and
//! column it was found at, errors (nothing is written) apart from warnings (written as
//! the message says).

use std::fmt;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    pub severity: Severity,
    /// The file's line where the row starts (a quoted field may span lines).
    pub line: u64,
    /// The column's header, when one column is at fault.
    pub column: Option<String>,
    pub message: String,
}

/// Every problem of one file, in the order found.
#[derive(Debug, Default)]
pub struct Report {
    pub file: String,
    pub problems: Vec<Problem>,
}

impl Report {
    pub fn new(file: impl Into<String>) -> Self {
        Report {
            file: file.into(),
            problems: Vec::new(),
        }
    }

    pub fn error(&mut self, line: u64, column: Option<&str>, message: impl Into<String>) {
        self.push(Severity::Error, line, column, message.into());
    }

    pub fn warning(&mut self, line: u64, column: Option<&str>, message: impl Into<String>) {
        self.push(Severity::Warning, line, column, message.into());
    }

    fn push(&mut self, severity: Severity, line: u64, column: Option<&str>, message: String) {
        self.problems.push(Problem {
            severity,
            line,
            column: column.map(str::to_string),
            message,
        });
    }

    pub fn errors(&self) -> usize {
        self.count(Severity::Error)
    }

    pub fn warnings(&self) -> usize {
        self.count(Severity::Warning)
    }

    fn count(&self, severity: Severity) -> usize {
        self.problems.iter().filter(|p| p.severity == severity).count()
    }
}

/// One problem per line, as compilers print them: `file:line: error: column "X": message`,
/// then a count.
impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for p in &self.problems {
            let kind = match p.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
            };
            write!(f, "{}:{}: {kind}: ", self.file, p.line)?;
            if let Some(column) = &p.column {
                write!(f, "column \"{column}\": ")?;
            }
            writeln!(f, "{}", p.message)?;
        }
        write!(f, "{} error(s), {} warning(s)", self.errors(), self.warnings())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prints_file_line_column_and_counts() {
        let mut r = Report::new("shop.csv");
        r.error(4, Some("Variant Price"), "\"abc\" is not a price");
        r.warning(9, None, "no SKU; made SHIRT-2");
        assert_eq!(
            r.to_string(),
            "shop.csv:4: error: column \"Variant Price\": \"abc\" is not a price\n\
             shop.csv:9: warning: no SKU; made SHIRT-2\n\
             1 error(s), 1 warning(s)"
        );
    }
}
