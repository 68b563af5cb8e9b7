//! Runtime values: 16-byte `Copy` slots. Text, lists and records point into a pool.

/// Where text, list elements or record fields live.
///
/// `repr(u8)` with fixed values: the JIT reads a row's pool byte (`crate::jit::layout`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u8)]
pub enum Pool {
    /// The loaded program's constant pool (constants and param values).
    Program = 0,
    /// The per-decision scratch arena (inputs, built lists, rendered text).
    Scratch = 1,
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

/// A run of elements in a value pool. `repr(C)`: the JIT reads its length.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(C)]
pub struct ListRef {
    /// Which pool.
    pub pool: Pool,
    /// First slot.
    pub start: u32,
    /// Number of elements.
    pub len: u32,
}

/// Where a record's flattened fields start. `repr(C)`: the JIT reads and writes rows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(C)]
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
///
/// `repr(u8)` fixes the layout the JIT's generated code reads and writes (`crate::jit::layout`):
/// the tag byte first (the values below), a Bool at byte 1, a currency, text, list or row at
/// byte 4, an Int, Float or amount at byte 8; 16 bytes in all.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
#[repr(u8)]
pub enum Value {
    /// An absent optional (and the initial value of every slot).
    #[default]
    None = 0,
    /// Bool.
    Bool(bool) = 1,
    /// Int, Duration (seconds), Time (seconds since midnight), Date (days), Timestamp (seconds), enum variant.
    Int(i64) = 2,
    /// Float, Percent (fraction).
    Float(f64) = 3,
    /// Money in ten-thousandths; currency 0 is the currency-less zero of an empty sum.
    Money {
        /// Packed ISO code (declared first so the amount is 8-aligned right after it).
        currency: u32,
        /// Amount in ten-thousandths.
        amount: i64,
    } = 4,
    /// Text.
    Text(TextRef) = 5,
    /// List, set or map.
    List(ListRef) = 6,
    /// A record: where its fields start.
    Row(RowRef) = 7,
}

// A slot stays 16 bytes: the layout above is what the JIT relies on.
const _: () = assert!(std::mem::size_of::<Value>() == 16);
