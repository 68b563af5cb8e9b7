//! How many units change arm when an experiment's weights change: the runtime's own bucketing
//! over generated unit ids, as `tenor test` checks splits.

use tenor_compiler::diff::Changes;
use tenor_runtime::{units_changing_arm, SPLIT_UNITS};

/// Fills each changed experiment's share of units that land in another arm.
pub fn count_moved_units(changes: &mut Changes) {
    for split in changes.entries.iter_mut().filter_map(|e| e.split.as_mut()) {
        let moved = units_changing_arm(&split.old_name, &split.old_arms, &split.new_name, &split.new_arms, SPLIT_UNITS);
        split.units_moved_percent = Some((moved * 100.0).round() / 100.0);
    }
}
