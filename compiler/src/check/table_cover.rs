//! Gap and overlap analysis of decision tables, done symbolically.
//!
//! Over enum and Bool columns a row is a *cube*: one set of values per column (a value,
//! or the whole domain for `_`). The gaps are the space minus the union of the rows; rows
//! `a < b` overlap where both match and no other earlier row matches first. Sets of cubes
//! are kept disjoint by subtraction (`A - B` splits `A` column by column), so the work grows
//! with the number of rows and columns, not with the number of combinations: a table over
//! 30 Bool columns (a billion combinations) is proved exactly and at once.

/// Most cube operations one table's analysis may do: far above any table written by hand
/// (a 30-column table takes a few thousand), and a bound on what a hostile one can cost.
pub(super) const MAX_WORK: u64 = 200_000;

/// The analysis ran out of [`MAX_WORK`]: the table is too large or irregular to prove.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct TooLarge;

/// Cube operations left for one table.
pub(super) struct Work(u64);

impl Work {
    /// The whole allowance of one table.
    pub fn new() -> Work {
        Work(MAX_WORK)
    }

    fn spend(&mut self, n: usize) -> Result<(), TooLarge> {
        self.0 = self.0.checked_sub(n as u64).ok_or(TooLarge)?;
        Ok(())
    }
}

/// A set of value indexes of one column, as a bit mask.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Values(Vec<u64>);

impl Values {
    /// Every value of a domain of `size` values.
    pub fn all(size: usize) -> Values {
        let mut words = vec![u64::MAX; size.div_ceil(64)];
        if let Some(last) = words.last_mut() {
            if !size.is_multiple_of(64) {
                *last = (1u64 << (size % 64)) - 1;
            }
        }
        Values(words)
    }

    /// Just the value `index`, in a domain of `size` values.
    pub fn one(size: usize, index: u32) -> Values {
        let mut words = vec![0; size.div_ceil(64)];
        if let Some(word) = words.get_mut(index as usize / 64) {
            *word |= 1u64 << (index % 64);
        }
        Values(words)
    }

    fn zip(&self, other: &Values, f: impl Fn(u64, u64) -> u64) -> Values {
        Values(self.0.iter().zip(&other.0).map(|(a, b)| f(*a, *b)).collect())
    }

    fn is_empty(&self) -> bool {
        self.0.iter().all(|w| *w == 0)
    }

    fn len(&self) -> u128 {
        self.0.iter().map(|w| u128::from(w.count_ones())).sum()
    }

    fn first(&self) -> Option<u32> {
        self.0.iter().enumerate().find(|(_, w)| **w != 0).map(|(i, w)| i as u32 * 64 + w.trailing_zeros())
    }
}

/// A set of combinations: one value set per column.
pub(super) type Cube = Vec<Values>;

/// The combinations in `a` that are not in `b`, as disjoint cubes.
fn subtract(a: &Cube, b: &Cube) -> Vec<Cube> {
    let meets: Vec<Values> = a.iter().zip(b).map(|(x, y)| x.zip(y, |p, q| p & q)).collect();
    if meets.iter().any(Values::is_empty) {
        return vec![a.clone()];
    }
    let mut out = Vec::new();
    let mut prefix = a.clone();
    for (i, (x, y)) in a.iter().zip(b).enumerate() {
        let outside = x.zip(y, |p, q| p & !q);
        if !outside.is_empty() {
            let mut piece = prefix.clone();
            if let Some(slot) = piece.get_mut(i) {
                *slot = outside;
            }
            out.push(piece);
        }
        if let (Some(slot), Some(meet)) = (prefix.get_mut(i), meets.get(i)) {
            *slot = meet.clone();
        }
    }
    out
}

/// The combinations of `from` that none of `rows` matches, as disjoint cubes.
fn remove_all<'a>(from: Vec<Cube>, rows: impl IntoIterator<Item = &'a Cube>, work: &mut Work) -> Result<Vec<Cube>, TooLarge> {
    let mut left = from;
    for row in rows {
        if left.is_empty() {
            break;
        }
        work.spend(left.len())?;
        left = left.iter().flat_map(|c| subtract(c, row)).collect();
    }
    Ok(left)
}

/// How many combinations a set of disjoint cubes holds (saturating).
pub(super) fn count(cubes: &[Cube]) -> u128 {
    cubes.iter().map(|c| c.iter().map(Values::len).fold(1u128, u128::saturating_mul)).fold(0, u128::saturating_add)
}

/// One combination of a non-empty cube: the first value of each column.
pub(super) fn example(cube: &Cube) -> Vec<u32> {
    cube.iter().map(|v| v.first().unwrap_or(0)).collect()
}

/// The combinations no row matches, as disjoint cubes.
pub(super) fn gaps(space: Cube, rows: &[Cube], work: &mut Work) -> Result<Vec<Cube>, TooLarge> {
    remove_all(vec![space], rows, work)
}

/// Each pair of rows `(a, b)`, `a < b`, that are the first two rows to match some combination,
/// with the combinations where they are.
pub(super) fn overlaps(rows: &[Cube], work: &mut Work) -> Result<Vec<(usize, usize, Vec<Cube>)>, TooLarge> {
    let mut out = Vec::new();
    for (b, row_b) in rows.iter().enumerate() {
        for (a, row_a) in rows.iter().enumerate().take(b) {
            work.spend(1)?;
            let meet: Cube = row_a.iter().zip(row_b).map(|(x, y)| x.zip(y, |p, q| p & q)).collect();
            if meet.iter().any(Values::is_empty) {
                continue;
            }
            let earlier = rows.iter().take(b).enumerate().filter(|(k, _)| *k != a).map(|(_, r)| r);
            let shared = remove_all(vec![meet], earlier, work)?;
            if !shared.is_empty() {
                out.push((a, b, shared));
            }
        }
    }
    Ok(out)
}
