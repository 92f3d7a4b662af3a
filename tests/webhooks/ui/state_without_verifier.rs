// An application's own state, without `FromRef<AppState> for Verifier`: the handler does not compile, and
// `#[axum::debug_handler]` makes the compiler say why, naming the verifier and what to add.
use axum::{extract::State, routing::post, Router};
use opentok_sdk::webhook::{SignedEvent, Verifier};

#[derive(Clone)]
struct AppState {
    verifier: Verifier,
    rooms: Vec<String>,
}

#[axum::debug_handler(state = AppState)]
async fn callback(State(app): State<AppState>, signed: SignedEvent) -> String {
    format!("{} rooms, {:?}", app.rooms.len(), signed.event.kind())
}

fn main() {
    let state = AppState { verifier: Verifier::new("secret").unwrap(), rooms: Vec::new() };
    let _ = &state.verifier;
    let _app: Router = Router::new().route("/callbacks", post(callback)).with_state(state);
}
