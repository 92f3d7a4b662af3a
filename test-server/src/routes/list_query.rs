//! The query of a paged list (archives, broadcasts, Experience Composers): `offset`, `count` (1 to 1000,
//! default 50) and, for the lists that filter by session, `sessionId`, with the platform's 400 answers
//! for bad values; and the page it answers, `{"count": <total matching>, "items": [..]}`.

use serde_json::{Map, Value};

use super::error::ApiError;

/// A list request's paging and session filter.
pub(crate) struct ListQuery {
    pub offset: usize,
    pub count: usize,
    pub session_id: Option<String>,
}

impl ListQuery {
    /// Reads the raw query string; unknown keys are ignored.
    pub fn parse(query: Option<&str>) -> Result<Self, ApiError> {
        let mut list = Self { offset: 0, count: 50, session_id: None };
        for (key, value) in form_urlencoded::parse(query.unwrap_or_default().as_bytes()) {
            match key.as_ref() {
                "offset" => {
                    list.offset =
                        value.parse().map_err(|_| ApiError::bad_request("Invalid offset: must be an integer >= 0"))?
                }
                "count" => {
                    list.count = value
                        .parse()
                        .ok()
                        .filter(|c| (1..=1000).contains(c))
                        .ok_or_else(|| ApiError::bad_request("Invalid count: must be 1 to 1000"))?
                }
                "sessionId" => list.session_id = Some(value.into_owned()),
                _ => {}
            }
        }
        Ok(list)
    }

    /// The platform's answer: the page's `items`, and `count` the total matching. The items are moved in:
    /// `json!` would copy each of them, member by member (a third of a page's cost).
    pub fn answer(total: usize, items: Vec<Value>) -> Value {
        let mut page = Map::new();
        page.insert("count".into(), total.into());
        page.insert("items".into(), Value::Array(items));
        Value::Object(page)
    }
}
