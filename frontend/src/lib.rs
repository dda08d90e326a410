//! The browser entry: hydrates the islands of the server-rendered page (the rest of the page
//! is plain HTML and stays as the server sent it).

// Linked for its islands: each registers itself with the hydration script, nothing calls them.
extern crate app;

#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_islands();
}
