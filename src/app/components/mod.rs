//! One component per file.

pub mod attribute_table;
pub mod context_panel;
pub mod export_panel;
pub mod findings;
pub mod flow_view;
pub mod input_list;
pub mod intake;
pub mod message_detail;
pub mod message_list;
pub mod next_steps;
pub mod paged;
pub mod request_detail;
pub mod signature_panel;
pub mod summary_cards;
pub mod theme_toggle;
pub mod trust_panel;
pub mod url_text;
pub mod value;
pub mod verdict;
pub mod xml_view;
