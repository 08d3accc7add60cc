//! The page: a Yew app compiled to WebAssembly by Trunk. Natively this is an empty
//! program (the app only exists for wasm32).

#[cfg(target_arch = "wasm32")]
mod app;

fn main() {
    #[cfg(target_arch = "wasm32")]
    {
        // In the page's Web Worker (worker.js) there is no window: the module only
        // serves app::worker::reduce_har there.
        if web_sys::window().is_none() {
            return;
        }
        std::panic::set_hook(Box::new(app::report_panic));
        yew::Renderer::<app::App>::new().render();
    }
}
