//! The evaluated assertion's attributes, values exactly as sent.

use saml_inspector::report::AttributeReport;
use yew::prelude::*;

use super::value::Value;

#[derive(Properties, PartialEq)]
pub struct AttributeTableProps {
    pub attributes: Vec<AttributeReport>,
}

#[function_component]
pub fn AttributeTable(props: &AttributeTableProps) -> Html {
    if props.attributes.is_empty() {
        return html! { <p class="empty-note">{ "No attributes." }</p> };
    }
    let repeated = |name: &str| {
        props
            .attributes
            .iter()
            .filter(|attribute| attribute.name == name)
            .count()
            > 1
    };
    html! {
        <table class="attribute-table" data-testid="attribute-table">
            <thead>
                <tr><th scope="col">{ "Name" }</th><th scope="col">{ "Value(s)" }</th></tr>
            </thead>
            <tbody>
                { for props.attributes.iter().map(|attribute| html! {
                    <tr data-testid="attribute-row">
                        <td class="attr-name">
                            <Value text={AttrValue::from(attribute.name.clone())} />
                            if let Some(friendly) = &attribute.friendly_name {
                                <span class="friendly-name">{ format!(" ({})", saml_inspector::text::escape_terminal(friendly)) }</span>
                            }
                            if repeated(&attribute.name) {
                                <span class="badge warning">{ "repeated name" }</span>
                            }
                            if attribute.values.len() > 1 {
                                <span class="badge">{ format!("{} values", attribute.values.len()) }</span>
                            }
                        </td>
                        <td class="attr-values">
                            if attribute.values.is_empty() {
                                <span class="badge warning">{ "no value" }</span>
                            }
                            { for attribute.values.iter().map(|value| html! {
                                <div class="attr-value"><Value text={AttrValue::from(value.clone())} /></div>
                            }) }
                        </td>
                    </tr>
                }) }
            </tbody>
        </table>
    }
}
