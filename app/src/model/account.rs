//! Customer accounts: validated input (an email, a password, a name) and what a page
//! may know of the signed-in customer. Never the password hash.

use serde::{Deserialize, Serialize};

use crate::i18n::t;

/// A signed-in customer of one store.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Customer {
    pub id: super::CustomerId,
    pub email: String,
    pub name: String,
    /// Unix milliseconds: a session signed in before this is signed out (a new password
    /// ends every other session). 0 where the backend does not keep it.
    #[serde(default)]
    pub sessions_since: i64,
}

/// What a page, and so the browser, may know of the signed-in customer: never their id,
/// which on some backends (Vendure) is the bearer token of their session there.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomerProfile {
    pub email: String,
    pub name: String,
}

impl From<Customer> for CustomerProfile {
    fn from(c: Customer) -> Self {
        CustomerProfile { email: c.email, name: c.name }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum AccountError {
    #[error("invalid email")]
    InvalidEmail,
    #[error("password too short")]
    PasswordTooShort,
    #[error("password too long")]
    PasswordTooLong,
    #[error("name missing or too long")]
    InvalidName,
    #[error("email already registered")]
    EmailTaken,
    #[error("wrong email or password")]
    WrongCredentials,
    #[error("too many failed sign-ins")]
    Throttled,
}

impl AccountError {
    /// How long a shopper waits after too many failed sign-ins (`Retry-After`).
    pub const THROTTLE_WINDOW: std::time::Duration = std::time::Duration::from_secs(60);

    /// What the shopper reads, in the store's language.
    pub fn message(self) -> &'static str {
        match self {
            AccountError::InvalidEmail => t::account_invalid_email(),
            AccountError::PasswordTooShort => t::account_password_short(),
            AccountError::PasswordTooLong => t::account_password_long(),
            AccountError::InvalidName => t::account_invalid_name(),
            AccountError::EmailTaken => t::account_email_taken(),
            AccountError::WrongCredentials => t::account_wrong_credentials(),
            AccountError::Throttled => t::account_throttled(),
        }
    }

    /// 401 for credentials, 409 for a taken email, 429 when throttled, 422 for the rest.
    pub fn status(self) -> u16 {
        match self {
            AccountError::WrongCredentials => 401,
            AccountError::EmailTaken => 409,
            AccountError::Throttled => 429,
            _ => 422,
        }
    }
}

/// An email address, trimmed and lower-cased, so one address is one account per store.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Email(String);

impl Email {
    /// RFC 5321's limit for a whole address.
    pub const MAX_LEN: usize = 254;

    pub fn parse(input: &str) -> Result<Email, AccountError> {
        let email = input.trim().to_lowercase();
        let Some((local, domain)) = email.split_once('@') else {
            return Err(AccountError::InvalidEmail);
        };
        let domain_ok = domain.contains('.')
            && !domain.starts_with('.')
            && !domain.ends_with('.')
            && !domain.contains("..")
            && !domain.contains('@');
        let chars_ok = !email.chars().any(|c| c.is_whitespace() || c.is_control() || matches!(c, '<' | '>' | ',' | ';'));
        if local.is_empty() || !domain_ok || !chars_ok || email.len() > Self::MAX_LEN {
            return Err(AccountError::InvalidEmail);
        }
        Ok(Email(email))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A new password: long enough to resist guessing, short enough to hash cheaply.
#[derive(Clone, PartialEq, Eq)]
pub struct Password(String);

impl Password {
    pub const MIN: usize = 8;
    pub const MAX: usize = 128;

    pub fn parse(input: &str) -> Result<Password, AccountError> {
        match input.chars().count() {
            n if n < Self::MIN => Err(AccountError::PasswordTooShort),
            n if n > Self::MAX => Err(AccountError::PasswordTooLong),
            _ => Ok(Password(input.to_string())),
        }
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Password {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Password(…)")
    }
}

/// A display name, trimmed, 1 to 100 characters.
pub fn parse_name(input: &str) -> Result<String, AccountError> {
    let name = input.trim();
    if name.is_empty() || name.chars().count() > 100 || name.chars().any(char::is_control) {
        return Err(AccountError::InvalidName);
    }
    Ok(name.to_string())
}

#[cfg(test)]
mod tests {
    proptest::proptest! {
        /// Any text is an email or the one error; an email is trimmed, lower-case and
        /// within the limit.
        #[test]
        fn any_text_is_an_email_or_refused(input in ".{0,300}") {
            if let Ok(email) = Email::parse(&input) {
                let s = email.as_str();
                proptest::prop_assert!(s.len() <= Email::MAX_LEN && !s.chars().any(char::is_whitespace));
                proptest::prop_assert_eq!(s.to_lowercase(), s);
            }
        }
    }

    use super::*;

    #[test]
    fn emails_are_normalised_and_checked() {
        assert_eq!(Email::parse("  Ada@Example.COM ").unwrap().as_str(), "ada@example.com");
        for bad in ["", "ada", "ada@", "@example.com", "ada@example", "ada@.com", "ada@example.com.", "a da@x.io", "a@b@c.io", "a@x..io"] {
            assert_eq!(Email::parse(bad), Err(AccountError::InvalidEmail), "{bad}");
        }
    }

    #[test]
    fn passwords_have_bounds_and_hide_in_debug() {
        assert_eq!(Password::parse("short"), Err(AccountError::PasswordTooShort));
        assert_eq!(Password::parse(&"x".repeat(129)), Err(AccountError::PasswordTooLong));
        let p = Password::parse("correct horse").unwrap();
        assert_eq!(format!("{p:?}"), "Password(…)");
    }

    #[test]
    fn names_are_checked() {
        assert_eq!(parse_name("  Ada "), Ok("Ada".into()));
        assert_eq!(parse_name("   "), Err(AccountError::InvalidName));
    }

    #[test]
    fn every_error_has_a_client_status() {
        assert_eq!(AccountError::WrongCredentials.status(), 401);
        assert_eq!(AccountError::EmailTaken.status(), 409);
        assert_eq!(AccountError::InvalidEmail.status(), 422);
        assert!(!AccountError::Throttled.message().is_empty());
    }
}
