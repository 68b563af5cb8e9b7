//! Reading slots and collections: inputs, params, record fields, list elements, `Contains`.
//! Every slot is bounds-checked against its pool's length first; outside it, the VM decides.

use super::super::abi::{layout, offsets};
use super::Translator;
use cranelift_codegen::ir::condcodes::IntCC;
use cranelift_codegen::ir::{types, InstBuilder, Value};
use tenor_compiler::bytecode::Reg;

impl Translator<'_, '_> {
    /// `dst = pool[index]` for a pool in the context (the arena, the params), bounds-checked.
    pub(super) fn translate_slot(&mut self, pc: u32, dst: Reg, base_at: i32, len_at: i32, index: u32) -> bool {
        let len = self.context_load(types::I64, len_at);
        let ok = self.b.ins().icmp_imm_u(IntCC::UnsignedGreaterThan, len, i64::from(index));
        self.guard(ok, pc, None);
        let base = self.context_load(self.ptr, base_at);
        let from = self.b.ins().iadd_imm_s(base, i64::from(index) * layout::SIZE);
        self.copy_to(dst, from);
        true
    }

    /// A row's slot `offset`: (guard that it is a row inside its pool, address of the slot).
    pub(super) fn row_slot(&mut self, row: Reg, offset: u32) -> (Value, Value) {
        let is_row = self.tag_is(row, layout::ROW);
        let pool = self.load(types::I8, row, layout::AT4);
        let start = self.load(types::I32, row, layout::AT8);
        let start = self.b.ins().uextend(types::I64, start);
        let index = self.b.ins().iadd_imm_s(start, i64::from(offset));
        let (base, len) = self.pool(pool);
        let inside = self.b.ins().icmp(IntCC::UnsignedLessThan, index, len);
        let ok = self.b.ins().band(is_row, inside);
        let bytes = self.b.ins().ishl_imm_u(index, 4);
        (ok, self.b.ins().iadd(base, bytes))
    }

    /// The base address and length of the pool named by the pool byte `pool`.
    pub(super) fn pool(&mut self, pool: Value) -> (Value, Value) {
        let scratch = self.b.ins().icmp_imm_s(IntCC::Equal, pool, layout::POOL_SCRATCH);
        let arena = self.context_load(self.ptr, offsets::ARENA);
        let values = self.context_load(self.ptr, offsets::VALUES);
        let arena_len = self.context_load(types::I64, offsets::ARENA_LEN);
        let values_len = self.context_load(types::I64, offsets::VALUES_LEN);
        (self.b.ins().select(scratch, arena, values), self.b.ins().select(scratch, arena_len, values_len))
    }

    /// `Elem` (`optional`: false; the index is in range) and `ListGet` (an index out of range
    /// gives none): element `index` of `list`, a row reference for record elements.
    pub(super) fn translate_element(&mut self, pc: u32, dst: Reg, [list, index]: [Reg; 2], stride: u32, row: bool, optional: bool) -> bool {
        let tags = {
            let is_list = self.tag_is(list, layout::LIST);
            let is_int = self.tag_is(index, layout::INT);
            self.b.ins().band(is_list, is_int)
        };
        self.guard(tags, pc, None);
        let i = self.load(types::I64, index, layout::WORD);
        let len = self.load(types::I32, list, layout::LIST_LEN);
        let len = self.b.ins().uextend(types::I64, len);
        let inside = self.b.ins().icmp(IntCC::UnsignedLessThan, i, len);
        if optional {
            let element = self.b.create_block();
            let none = self.b.create_block();
            self.b.ins().brif(inside, element, &[], none, &[]);
            self.b.switch_to_block(none);
            self.set_tag(dst, layout::NONE);
            self.next(pc);
            self.b.switch_to_block(element);
        } else {
            self.guard(inside, pc, None);
        }
        let pool = self.load(types::I8, list, layout::AT4);
        let start = self.load(types::I32, list, layout::AT8);
        let start = self.b.ins().uextend(types::I64, start);
        let offset = self.b.ins().imul_imm_s(i, i64::from(stride));
        let at = self.b.ins().iadd(start, offset);
        if row {
            let fits = self.b.ins().icmp_imm_u(IntCC::UnsignedLessThanOrEqual, at, i64::from(u32::MAX));
            self.guard(fits, pc, None);
            let at = self.b.ins().ireduce(types::I32, at);
            self.set_tag(dst, layout::ROW);
            self.store(pool, dst, layout::AT4);
            self.store(at, dst, layout::AT8);
            return true;
        }
        let (base, len) = self.pool(pool);
        let inside = self.b.ins().icmp(IntCC::UnsignedLessThan, at, len);
        self.guard(inside, pc, None);
        let bytes = self.b.ins().ishl_imm_u(at, 4);
        let from = self.b.ins().iadd(base, bytes);
        self.copy_to(dst, from);
        true
    }

    /// `item in collection` for an Int (enum) item, as a native loop: an element matches when it
    /// is an Int of the same value (what the VM's equality says of Ints). Other items, and
    /// collections that are not lists or reach outside their pool, go to the VM.
    pub(super) fn translate_contains(&mut self, pc: u32, dst: Reg, collection: Reg, item: Reg, stride: u32) -> bool {
        if stride > 1 << 16 {
            return false;
        }
        let is_list = self.tag_is(collection, layout::LIST);
        let is_int = self.tag_is(item, layout::INT);
        let ok = self.b.ins().band(is_list, is_int);
        self.guard(ok, pc, None);
        let needle = self.load(types::I64, item, layout::WORD);
        let pool = self.load(types::I8, collection, layout::AT4);
        let start = self.load(types::I32, collection, layout::AT8);
        let start = self.b.ins().uextend(types::I64, start);
        let len = self.load(types::I32, collection, layout::LIST_LEN);
        let len = self.b.ins().uextend(types::I64, len);
        let (base, pool_len) = self.pool(pool);
        // The last element must be inside the pool (else the VM reports it).
        let span = self.b.ins().imul_imm_s(len, i64::from(stride));
        let end = self.b.ins().iadd(start, span);
        let past = self.b.ins().iadd_imm_s(pool_len, i64::from(stride));
        let fits = self.b.ins().icmp(IntCC::UnsignedLessThan, end, past);
        self.guard(fits, pc, None);
        let (header, body, found, missing, done) =
            (self.b.create_block(), self.b.create_block(), self.b.create_block(), self.b.create_block(), self.b.create_block());
        let i = self.b.append_block_param(header, types::I64);
        let result = self.b.append_block_param(done, types::I8);
        let zero = self.b.ins().iconst(types::I64, 0);
        self.b.ins().jump(header, &[zero.into()]);
        self.b.switch_to_block(header);
        let more = self.b.ins().icmp(IntCC::UnsignedLessThan, i, len);
        self.b.ins().brif(more, body, &[], missing, &[]);
        self.b.switch_to_block(body);
        let offset = self.b.ins().imul_imm_s(i, i64::from(stride));
        let at = self.b.ins().iadd(start, offset);
        let bytes = self.b.ins().ishl_imm_u(at, 4);
        let slot = self.b.ins().iadd(base, bytes);
        let flags = self.in_pools();
        let tag = self.b.ins().load(types::I8, flags, slot, layout::TAG);
        let word = self.b.ins().load(types::I64, flags, slot, layout::WORD);
        let same_tag = self.b.ins().icmp_imm_s(IntCC::Equal, tag, layout::INT);
        let same_word = self.b.ins().icmp(IntCC::Equal, word, needle);
        let hit = self.b.ins().band(same_tag, same_word);
        let next = self.b.ins().iadd_imm_s(i, 1);
        self.b.ins().brif(hit, found, &[], header, &[next.into()]);
        for (block, value) in [(found, 1), (missing, 0)] {
            self.b.switch_to_block(block);
            let v = self.b.ins().iconst(types::I8, value);
            self.b.ins().jump(done, &[v.into()]);
        }
        self.b.switch_to_block(done);
        self.set_bool(dst, result);
        true
    }

    pub(super) fn translate_field(&mut self, pc: u32, dst: Reg, row: Reg, offset: u32) -> bool {
        let (ok, from) = self.row_slot(row, offset);
        self.guard(ok, pc, None);
        self.copy_to(dst, from);
        true
    }

    pub(super) fn translate_field_row(&mut self, pc: u32, dst: Reg, row: Reg, offset: u32) -> bool {
        let is_row = self.tag_is(row, layout::ROW);
        let start = self.load(types::I32, row, layout::AT8);
        let wide = self.b.ins().uextend(types::I64, start);
        let moved = self.b.ins().iadd_imm_s(wide, i64::from(offset));
        let fits = self.b.ins().icmp_imm_u(IntCC::UnsignedLessThanOrEqual, moved, i64::from(u32::MAX));
        let ok = self.b.ins().band(is_row, fits);
        self.guard(ok, pc, None);
        let pool = self.load(types::I8, row, layout::AT4);
        let start = self.b.ins().ireduce(types::I32, moved);
        self.set_tag(dst, layout::ROW);
        self.store(pool, dst, layout::AT4);
        self.store(start, dst, layout::AT8);
        true
    }
}
