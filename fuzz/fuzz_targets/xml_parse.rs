//! The XML parser, then every accessor of the document it builds, the typed SAML read
//! and the pretty view. The first byte chooses default or tiny limits, so the limit
//! paths are reached too.
#![no_main]

use libfuzzer_sys::fuzz_target;
use saml_inspector::Limits;
use saml_inspector::{saml, xml};

fuzz_target!(|data: &[u8]| {
    let Some((&mode, source)) = data.split_first() else {
        return;
    };
    let limits = if mode & 1 == 0 {
        Limits::default()
    } else {
        Limits {
            xml_depth: 8,
            xml_nodes: 64,
            xml_attributes: 4,
            ..Limits::default()
        }
    };
    let document = match xml::parse(source, &limits) {
        Ok(document) => document,
        Err(error) => {
            let _ = error.to_string();
            if let Some(at) = error.position() {
                assert!(at.offset <= source.len());
                assert!(at.line >= 1 && at.column >= 1);
            }
            return;
        }
    };
    assert_eq!(document.source(), source);
    assert!(document.len() <= limits.xml_nodes);
    assert!(document.element(document.root()).is_some());
    assert!(document.top_level().contains(&document.root()));
    for id in document.ids() {
        let span = document.span(id);
        assert!(span.start <= span.end && span.end <= source.len());
        assert_eq!(document.source_of(id).len(), span.end - span.start);
        let start = document.position(span.start);
        assert!(start.line >= 1 && start.column >= 1);
        let _ = document.position(span.end);
        if let Some(parent) = document.parent(id) {
            assert!(parent < id);
            assert!(document.children(parent).contains(&id));
        }
        assert_eq!(document.descendants(id).next(), Some(id));
        let _ = document.text(id);
        let _ = document.text_interruptions(id).any();
        let _ = document.child_elements(id).count();
        let Some(element) = document.element(id) else {
            continue;
        };
        assert!(
            document.attributes(id).len() + document.namespace_declarations(id).len()
                <= limits.xml_attributes
        );
        for attribute in document.attributes(id) {
            let local = &*attribute.name.local;
            match &attribute.namespace {
                Some(namespace) => {
                    assert!(document.attribute_ns(id, namespace, local).is_some())
                }
                None => assert!(document.attribute(id, local).is_some()),
            }
            assert!(attribute.span.end <= source.len());
        }
        for (prefix, uri) in document.namespaces_in_scope(id) {
            assert!(prefix.is_some() || !uri.is_empty());
        }
        if let Some(namespace) = &element.namespace {
            assert!(document.is(id, namespace, &element.name.local));
        }
    }
    let message = saml::read(&document);
    let _ = (
        message.issuer(),
        message.subject_name_id(),
        message.status(),
    );
    let _ = saml::describe_signatures(&document);
    let lines = xml::pretty::lines(&document);
    let _ = xml::pretty::to_text(&lines);
});
