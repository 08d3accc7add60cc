//! The verdict on one message, first thing under its title: will the login fail, and
//! how many problems stop it — in words, with an icon, never by colour alone. The
//! engine words it (`engine::view`): a forged or altered message says so first.

use saml_inspector::engine::view::VerdictView;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct VerdictBannerProps {
    pub verdict: VerdictView,
}

#[function_component]
pub fn VerdictBanner(props: &VerdictBannerProps) -> Html {
    let verdict = &props.verdict;
    html! {
        <div class={classes!("verdict", verdict.class.clone())} data-testid="verdict-banner"
            data-verdict={verdict.class.clone()} role="status">
            <span class="verdict-icon" aria-hidden="true">{ &verdict.icon }</span>
            <p>
                <strong data-testid="verdict-headline">{ &verdict.headline }</strong>
                { " " }
                <span>{ &verdict.next }</span>
            </p>
        </div>
    }
}
