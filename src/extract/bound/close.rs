//! Closing open elements the way the tree builder does, where the model can be sure of it, and
//! marking them unsure where it cannot.

use super::reach::{closes_heading, implied_end, stops_end_tags, Reach, ReachRule};
use super::Pass;

impl Pass<'_> {
    /// A start tag of `name` closes an open element of its group (`<li>` after `<li>`) where
    /// the tree builder certainly does; where it only may, the elements stay, marked unsure.
    pub(super) fn close_implied(&mut self, name: &str) {
        if name == "table" {
            // Only without quirks does a table close a paragraph; a doctype decides.
            self.close_group(&["p"], ReachRule::Scope { button: true }, false);
        }
        if let Some((group, reach)) = implied_end(name) {
            // Which insertion mode makes a `<table>` close the open one is more than the model
            // knows: it only stops trusting that table.
            self.close_group(group, reach, name != "table");
        }
    }

    /// Closes the innermost open element of `group` within `reach` (only marks it unsure unless
    /// `may_pop` and certain).
    fn close_group(&mut self, group: &[&str], reach: ReachRule, may_pop: bool) {
        let mut certain = may_pop;
        for (i, open) in self.stack.iter().enumerate().rev() {
            let n = open.name.as_ref();
            if group.contains(&n) && !open.foreign {
                if certain && open.sure {
                    self.pop_to(i);
                } else {
                    self.mark_unsure(i);
                }
                return;
            }
            match reach.at(n, open.foreign) {
                Reach::Through => {}
                Reach::Stop if open.sure => return,
                // The tree builder may not have this element, or may reach past it.
                Reach::Stop | Reach::Unknown => certain = false,
            }
        }
    }

    /// A heading start tag closes a heading that is the current node.
    pub(super) fn close_current_heading(&mut self) {
        let Some(top) = self.stack.last() else {
            return;
        };
        if closes_heading(&top.name) && !top.foreign {
            if top.sure {
                self.pop_to(self.stack.len() - 1);
            } else {
                // The tree builder's current node may be a heading further down.
                if let Some(i) = self.stack.iter().rposition(|o| closes_heading(&o.name)) {
                    self.mark_unsure(i);
                }
            }
        }
    }

    /// Marks the element at `index` and everything inside it as possibly closed already.
    pub(super) fn mark_unsure(&mut self, index: usize) {
        for open in &mut self.stack[index..] {
            open.sure = false;
        }
    }

    /// Marks the innermost open `name` and what is inside it unsure: an end tag the model did not
    /// follow may have closed it.
    pub(super) fn mark_unsure_named(&mut self, name: &str) {
        if let Some(i) = self.stack.iter().rposition(|o| o.name == name) {
            self.mark_unsure(i);
        }
    }

    /// An end tag reached the open element at `index`: closed when the tree builder certainly
    /// closes it too, else left open and unsure.
    pub(super) fn close_by_end_tag(&mut self, index: usize) {
        let inside = &self.stack[index..];
        let certain = inside[0].sure
            && inside.iter().skip(1).all(|o| o.sure || !stops_end_tags(&o.name))
            // `</form>` takes the form out from under what is open inside it.
            && (inside[0].name != "form" || inside.len() == 1);
        if certain {
            self.pop_to(index);
        } else {
            self.mark_unsure(index);
        }
    }
}
