//! One GraphQL call to Vendure's Shop API: the channel and language on every call, the
//! shopper's session token in and out, failures sorted into what the shopper should see.

use std::time::Duration;

use app::commerce::CommerceError;
use serde::de::DeserializeOwned;
use serde::Deserialize;
use serde_json::Value;

/// Where Vendure answers and for which channel and language.
#[derive(Clone, Debug)]
pub struct Settings {
    /// The server's root, such as `http://127.0.0.1:3100` (`VENDURE_URL`).
    pub url: String,
    /// The channel's token (`[backend] channel`); the default channel when none.
    pub channel: Option<String>,
    /// `[backend] language`: names, slugs and messages in it where Vendure has them.
    pub language: Option<String>,
}

#[derive(Clone, Debug)]
pub struct Client {
    http: reqwest::Client,
    endpoint: String,
    settings: Settings,
}

/// What came back: the data, and the session token Vendure handed out with it.
pub struct Reply<T> {
    pub data: T,
    pub token: Option<String>,
}

/// How long a call may take; a slower one answers the 503 page.
const TIMEOUT: Duration = Duration::from_secs(5);
/// A read that failed to connect is tried this many more times.
const READ_RETRIES: u32 = 2;
const TOKEN_HEADER: &str = "vendure-auth-token";

#[derive(Deserialize)]
struct Response {
    data: Option<Value>,
    #[serde(default)]
    errors: Vec<GraphQlError>,
}

#[derive(Deserialize)]
struct GraphQlError {
    message: String,
    #[serde(default)]
    extensions: Option<Value>,
}

impl Client {
    pub fn new(settings: Settings) -> Result<Self, reqwest::Error> {
        let http = reqwest::Client::builder()
            .connect_timeout(Duration::from_secs(2))
            .timeout(TIMEOUT)
            .pool_idle_timeout(Duration::from_secs(60))
            .build()?;
        let mut endpoint = format!("{}/shop-api", settings.url.trim_end_matches('/'));
        if let Some(lang) = &settings.language {
            endpoint.push_str(&format!("?languageCode={lang}"));
        }
        Ok(Client {
            http,
            endpoint,
            settings,
        })
    }

    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    /// A query that changes nothing: tried again when Vendure could not be reached.
    pub async fn read<T: DeserializeOwned>(
        &self,
        doc: &str,
        vars: Value,
        token: Option<&str>,
    ) -> Result<Reply<T>, CommerceError> {
        let mut attempt = 0;
        loop {
            match self.call(doc, &vars, token).await {
                Err(CommerceError::Unavailable { .. }) if attempt < READ_RETRIES => {
                    attempt += 1;
                    tokio::time::sleep(Duration::from_millis(100 * u64::from(attempt))).await;
                }
                other => return other,
            }
        }
    }

    /// A mutation: sent once, since a lost answer may hide a change that happened.
    pub async fn write<T: DeserializeOwned>(
        &self,
        doc: &str,
        vars: Value,
        token: Option<&str>,
    ) -> Result<Reply<T>, CommerceError> {
        self.call(doc, &vars, token).await
    }

    async fn call<T: DeserializeOwned>(
        &self,
        doc: &str,
        vars: &Value,
        token: Option<&str>,
    ) -> Result<Reply<T>, CommerceError> {
        let mut req = self
            .http
            .post(&self.endpoint)
            .json(&serde_json::json!({ "query": doc, "variables": vars }));
        if let Some(channel) = &self.settings.channel {
            req = req.header("vendure-token", channel);
        }
        if let Some(token) = token {
            req = req.bearer_auth(token);
        }
        let res = req.send().await.map_err(transport)?;
        let token = res
            .headers()
            .get(TOKEN_HEADER)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string);
        let status = res.status();
        if status.is_server_error() {
            return Err(CommerceError::unavailable(format!("Vendure answered {status}")));
        }
        let body: Response = res.json().await.map_err(transport)?;
        if let Some(e) = body.errors.first() {
            return Err(graphql_error(e));
        }
        let data = body
            .data
            .ok_or_else(|| CommerceError::internal("Vendure answered without data"))?;
        let data =
            serde_json::from_value(data).map_err(|e| CommerceError::internal(format!("unexpected answer: {e}")))?;
        Ok(Reply { data, token })
    }

    /// Whether the server answers its health check.
    pub async fn healthy(&self) -> Result<(), String> {
        let url = format!("{}/health", self.settings.url.trim_end_matches('/'));
        match self.http.get(url).send().await {
            Ok(res) if res.status().is_success() => Ok(()),
            Ok(res) => Err(format!("health answered {}", res.status())),
            Err(e) => Err(e.to_string()),
        }
    }
}

fn transport(e: reqwest::Error) -> CommerceError {
    if e.is_timeout() {
        CommerceError::TimedOut(Box::new(e))
    } else if e.is_connect() || e.is_request() {
        CommerceError::unavailable(e)
    } else {
        CommerceError::internal(e)
    }
}

fn graphql_error(e: &GraphQlError) -> CommerceError {
    let code = e
        .extensions
        .as_ref()
        .and_then(|x| x.get("code"))
        .and_then(Value::as_str)
        .unwrap_or_default();
    match code {
        "ENTITY_NOT_FOUND" => CommerceError::NotFound,
        "USER_INPUT_ERROR" | "ILLEGAL_OPERATION" => CommerceError::Rejected(e.message.clone()),
        "FORBIDDEN" => CommerceError::Rejected(e.message.clone()),
        _ => CommerceError::internal(format!("Vendure: {} ({code})", e.message)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn error(code: &str) -> GraphQlError {
        GraphQlError {
            message: "m".into(),
            extensions: Some(serde_json::json!({ "code": code })),
        }
    }

    #[test]
    fn vendure_errors_become_what_the_shopper_should_see() {
        assert!(matches!(
            graphql_error(&error("ENTITY_NOT_FOUND")),
            CommerceError::NotFound
        ));
        assert!(matches!(
            graphql_error(&error("USER_INPUT_ERROR")),
            CommerceError::Rejected(_)
        ));
        assert!(matches!(
            graphql_error(&error("INTERNAL_SERVER_ERROR")),
            CommerceError::Internal(_)
        ));
    }

    #[tokio::test]
    async fn a_vendure_that_is_not_there_is_unavailable_not_a_failure() {
        // A port nothing listens on: bound, then released.
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let client = Client::new(Settings {
            url: format!("http://127.0.0.1:{port}"),
            channel: None,
            language: None,
        })
        .unwrap();
        let err = client
            .read::<Value>("{ __typename }", Value::Null, None)
            .await
            .err()
            .unwrap();
        assert_eq!(err.status(), 503, "{err}");
        assert!(client.healthy().await.is_err());
    }
}
