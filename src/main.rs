//! The page: a Yew app compiled to WebAssembly by Trunk. Natively this is an empty
//! program (the app only exists for wasm32).

#[cfg(target_arch = "wasm32")]
mod app;

fn main() {
    #[cfg(target_arch = "wasm32")]
    {
        std::panic::set_hook(Box::new(app::report_panic));
        yew::Renderer::<app::App>::new().render();
    }
}
