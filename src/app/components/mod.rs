//! One component per file.

pub mod attribute_table;
pub mod export_panel;
pub mod findings;
pub mod input_list;
pub mod intake;
pub mod message_detail;
pub mod message_list;
pub mod trust_panel;
pub mod value;
pub mod xml_view;
