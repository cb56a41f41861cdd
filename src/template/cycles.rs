//! Partials that include each other: rendering them would never end (and would overflow the
//! stack), so such loops are found when the templates are loaded.

use std::collections::{BTreeMap, BTreeSet};

use handlebars::Handlebars;
use handlebars::template::{Template, TemplateElement};

/// The partial names `template` includes by a fixed name, anywhere in its blocks.
fn includes(template: &Template, out: &mut BTreeSet<String>) {
    for element in &template.elements {
        match element {
            TemplateElement::PartialExpression(d) | TemplateElement::PartialBlock(d) => {
                if let Some(name) = d.name.as_name() {
                    out.insert(name.to_string());
                }
                if let Some(t) = &d.template {
                    includes(t, out);
                }
            }
            TemplateElement::DecoratorBlock(d) => {
                if let Some(t) = &d.template {
                    includes(t, out);
                }
            }
            TemplateElement::HelperBlock(h) => {
                for t in h.template.iter().chain(h.inverse.iter()) {
                    includes(t, out);
                }
            }
            _ => {}
        }
    }
}

/// Every loop of inclusions among the templates of `hb`, each as the names along it (the
/// first name repeated at the end), in name order.
pub(super) fn find(hb: &Handlebars<'_>) -> Vec<Vec<String>> {
    let graph: BTreeMap<&str, BTreeSet<String>> = hb
        .get_templates()
        .iter()
        .map(|(name, t)| {
            let mut refs = BTreeSet::new();
            includes(t, &mut refs);
            (name.as_str(), refs)
        })
        .collect();
    let mut done: BTreeSet<&str> = BTreeSet::new();
    let mut loops = Vec::new();
    for &start in graph.keys() {
        let mut path: Vec<&str> = Vec::new();
        visit(start, &graph, &mut path, &mut done, &mut loops);
    }
    loops
}

fn visit<'a>(
    node: &'a str,
    graph: &'a BTreeMap<&'a str, BTreeSet<String>>,
    path: &mut Vec<&'a str>,
    done: &mut BTreeSet<&'a str>,
    loops: &mut Vec<Vec<String>>,
) {
    if let Some(at) = path.iter().position(|&n| n == node) {
        let mut cycle: Vec<String> = path[at..].iter().map(|s| s.to_string()).collect();
        cycle.push(node.to_string());
        loops.push(cycle);
        return;
    }
    if done.contains(node) {
        return;
    }
    let Some((&key, refs)) = graph.get_key_value(node) else {
        return;
    };
    path.push(key);
    for next in refs {
        visit(next, graph, path, done, loops);
    }
    path.pop();
    done.insert(key);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_loops_through_blocks() {
        let mut hb = Handlebars::new();
        hb.register_template_string("a", "{{#if x}}{{> b}}{{/if}}")
            .unwrap();
        hb.register_template_string("b", "{{#each y}}{{else}}{{> a}}{{/each}}")
            .unwrap();
        hb.register_template_string("c", "{{> c}}").unwrap();
        hb.register_template_string("d", "{{> a}} {{> missing}}")
            .unwrap();
        let loops = find(&hb);
        assert_eq!(
            loops,
            vec![
                vec!["a".to_string(), "b".into(), "a".into()],
                vec!["c".to_string(), "c".into()]
            ]
        );
    }
}
