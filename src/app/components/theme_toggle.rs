//! Light, dark, or the system's choice. The choice lives in the app's state for this
//! tab only (nothing is stored); the root element's `data-theme` carries it to the CSS.

use crate::app::state::Theme;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ThemeToggleProps {
    pub theme: Theme,
    pub onchange: Callback<Theme>,
}

#[function_component]
pub fn ThemeToggle(props: &ThemeToggleProps) -> Html {
    let button = |theme: Theme, label: &'static str, icon: &'static str| {
        let onchange = props.onchange.clone();
        let pressed = props.theme == theme;
        html! {
            <button type="button" class={classes!("toggle", pressed.then_some("active"))}
                data-testid="theme-button" data-theme-choice={theme.attribute().unwrap_or("system")}
                aria-pressed={pressed.to_string()}
                onclick={Callback::from(move |_: MouseEvent| onchange.emit(theme))}>
                <span aria-hidden="true">{ icon }</span>{ " " }{ label }
            </button>
        }
    };
    html! {
        <div class="toggles theme-toggle" role="group" aria-label="Colour theme">
            { button(Theme::System, "System", "◐") }
            { button(Theme::Light, "Light", "☀") }
            { button(Theme::Dark, "Dark", "☾") }
        </div>
    }
}
