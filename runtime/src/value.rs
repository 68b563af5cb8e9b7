//! Runtime values: 16-byte `Copy` slots. Text, lists and records point into a pool.

/// Where text, list elements or record fields live.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Pool {
    /// The loaded program's constant pool (constants and param values).
    Program,
    /// The per-decision scratch arena (inputs, built lists, rendered text).
    Scratch,
}

/// A run of bytes in a text pool.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TextRef {
    /// Which pool.
    pub pool: Pool,
    /// First byte.
    pub start: u32,
    /// Length in bytes.
    pub len: u32,
}

/// A run of elements in a value pool.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ListRef {
    /// Which pool.
    pub pool: Pool,
    /// First slot.
    pub start: u32,
    /// Number of elements.
    pub len: u32,
}

/// Where a record's flattened fields start.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RowRef {
    /// Which pool: the scratch arena for inputs and built lists, the program pool for params.
    pub pool: Pool,
    /// The slot of its first field.
    pub start: u32,
}

impl RowRef {
    /// The row `offset` slots further on, in the same pool (a nested record, an element).
    pub fn at(self, offset: u32) -> RowRef {
        RowRef { pool: self.pool, start: self.start + offset }
    }
}

/// One slot or register.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub enum Value {
    /// An absent optional (and the initial value of every slot).
    #[default]
    None,
    /// Bool.
    Bool(bool),
    /// Int, Duration (seconds), Time (seconds since midnight), Date (days), Timestamp (seconds), enum variant.
    Int(i64),
    /// Float, Percent (fraction).
    Float(f64),
    /// Money in ten-thousandths; currency 0 is the currency-less zero of an empty sum.
    Money {
        /// Amount in ten-thousandths.
        amount: i64,
        /// Packed ISO code.
        currency: u32,
    },
    /// Text.
    Text(TextRef),
    /// List, set or map.
    List(ListRef),
    /// A record: where its fields start.
    Row(RowRef),
}
