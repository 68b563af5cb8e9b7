//! The native ABI: what generated code receives, the value layout it reads, and the helpers it calls.
//!
//! A generated function is `extern "C" fn(*mut Context) -> u32`. The context's first fields
//! (`repr(C)`, offsets below) are what the code reads and writes directly: the register file,
//! the scratch arena, the program's pool and params, and the steps left. It returns
//! [`STATUS_OK`] after `Return` or [`STATUS_FAULT`] after a helper stored a fault in the
//! context. Helpers are `extern "C"`, catch every unwind, and reach the VM's own code for each
//! instruction they run, so a fault is the VM's fault with the VM's span.

use crate::error::DecideError;
use crate::load::LoadedProgram;
use crate::scratch::Scratch;
use crate::value::Value;
use crate::vm::{self, Flow};
use std::mem::offset_of;
use std::panic::{catch_unwind, AssertUnwindSafe};
use tenor_compiler::bytecode::Function;
use tenor_compiler::semantics::Fault;

/// The function returned normally.
pub(super) const STATUS_OK: u32 = 0;
/// A helper stored a fault in the context.
pub(super) const STATUS_FAULT: u32 = 1;

/// [`step`]: the instruction went on to the next one.
pub(super) const STEP_NEXT: u32 = 0;
/// [`step`]: the instruction faulted; the fault is in the context.
pub(super) const STEP_FAULT: u32 = 1;
/// [`step`]: the instruction jumped to its target.
pub(super) const STEP_JUMPED: u32 = 2;
/// [`step`]: the instruction returned.
pub(super) const STEP_RETURNED: u32 = 3;

/// Byte offsets inside a 16-byte [`Value`] (fixed by its `repr(u8)`; see `value.rs`).
pub(super) mod layout {
    /// The tag byte.
    pub const TAG: i32 = 0;
    /// A Bool's byte.
    pub const BOOL: i32 = 1;
    /// An amount's currency (u32), a row's pool byte, a list's pool byte.
    pub const AT4: i32 = 4;
    /// A row's first slot, a list's first slot (u32).
    pub const AT8: i32 = 8;
    /// A list's length (u32).
    pub const LIST_LEN: i32 = 12;
    /// An Int, a Float or an amount (8 bytes).
    pub const WORD: i32 = 8;
    /// Bytes per value.
    pub const SIZE: i64 = 16;
    /// Tags.
    pub const NONE: i64 = 0;
    pub const BOOL_TAG: i64 = 1;
    pub const INT: i64 = 2;
    pub const FLOAT: i64 = 3;
    pub const MONEY: i64 = 4;
    pub const LIST: i64 = 6;
    pub const ROW: i64 = 7;
    /// `Pool::Scratch` (`Pool::Program` is 0).
    pub const POOL_SCRATCH: i64 = 1;
}

/// What generated code works on. The `repr(C)` head is read by generated code at the offsets
/// in [`offsets`]; the rest is for helpers only.
#[repr(C)]
pub(crate) struct Context<'a> {
    regs: *mut Value,
    arena: *const Value,
    arena_len: u64,
    values: *const Value,
    values_len: u64,
    params: *const Value,
    params_len: u64,
    steps_left: u64,
    loaded: &'a LoadedProgram,
    function: &'a Function,
    scratch: *mut Scratch,
    fault: Option<DecideError>,
}

/// Offsets of the context's fields that generated code reads.
pub(super) mod offsets {
    use super::{offset_of, Context};
    pub const REGS: i32 = offset_of!(Context<'static>, regs) as i32;
    pub const ARENA: i32 = offset_of!(Context<'static>, arena) as i32;
    pub const ARENA_LEN: i32 = offset_of!(Context<'static>, arena_len) as i32;
    pub const VALUES: i32 = offset_of!(Context<'static>, values) as i32;
    pub const VALUES_LEN: i32 = offset_of!(Context<'static>, values_len) as i32;
    pub const PARAMS: i32 = offset_of!(Context<'static>, params) as i32;
    pub const PARAMS_LEN: i32 = offset_of!(Context<'static>, params_len) as i32;
    pub const STEPS_LEFT: i32 = offset_of!(Context<'static>, steps_left) as i32;
}

impl<'a> Context<'a> {
    /// A context over `scratch`, whose registers already hold the function's initial values.
    pub(super) fn new(loaded: &'a LoadedProgram, function: &'a Function, scratch: &'a mut Scratch) -> Context<'a> {
        let steps_left = scratch.steps_left;
        let mut context = Context {
            regs: std::ptr::null_mut(),
            arena: std::ptr::null(),
            arena_len: 0,
            values: loaded.values.as_ptr(),
            values_len: loaded.values.len() as u64,
            params: loaded.params.as_ptr(),
            params_len: loaded.params.len() as u64,
            steps_left,
            loaded,
            function,
            scratch,
            fault: None,
        };
        context.refresh();
        context
    }

    /// Points the head at the scratch's buffers again (a helper may have grown the arena).
    fn refresh(&mut self) {
        // SAFETY: `scratch` came from the `&mut Scratch` given to `new`, which the context
        // borrows for its whole life; no other reference to it is used while the context lives.
        let scratch = unsafe { &mut *self.scratch };
        self.regs = scratch.regs.as_mut_ptr();
        self.arena = scratch.arena.as_ptr();
        self.arena_len = scratch.arena.len() as u64;
    }

    /// Ends a run: the steps left go back to the scratch; the fault, if any, is returned.
    pub(super) fn finish(mut self, status: u32) -> Result<(), DecideError> {
        // SAFETY: as in `refresh`; the generated code has returned, so nothing else uses it.
        let scratch = unsafe { &mut *self.scratch };
        scratch.steps_left = self.steps_left;
        match (status, self.fault.take()) {
            (STATUS_OK, None) => Ok(()),
            (_, Some(fault)) => Err(fault),
            (_, None) => Err(DecideError::Runtime {
                fault: Fault::Internal("the compiled code failed without a fault".into()),
                span: Default::default(),
            }),
        }
    }

    /// Runs `f` on the scratch with the steps left synchronised, then refreshes the head;
    /// a panic (none is expected: the VM does not panic) becomes an internal fault.
    fn with_vm(&mut self, f: impl FnOnce(&LoadedProgram, &Function, &mut Scratch) -> Result<Flow, DecideError>) -> u32 {
        let (loaded, function, steps) = (self.loaded, self.function, self.steps_left);
        // SAFETY: as in `refresh`: the generated code does not touch the scratch while a helper runs.
        let scratch = unsafe { &mut *self.scratch };
        let outcome = catch_unwind(AssertUnwindSafe(|| {
            scratch.steps_left = steps;
            let flow = f(loaded, function, scratch);
            (flow, scratch.steps_left)
        }));
        let status = match outcome {
            Ok((flow, steps)) => {
                self.steps_left = steps;
                match flow {
                    Ok(Flow::Next) => STEP_NEXT,
                    Ok(Flow::Jump(_)) => STEP_JUMPED,
                    Ok(Flow::Return) => STEP_RETURNED,
                    Err(fault) => {
                        self.fault = Some(fault);
                        STEP_FAULT
                    }
                }
            }
            Err(_) => {
                self.fault =
                    Some(DecideError::Runtime { fault: Fault::Internal("a runtime helper panicked".into()), span: Default::default() });
                STEP_FAULT
            }
        };
        self.refresh();
        status
    }
}

/// Runs the instruction at `pc` with the VM: every instruction the JIT does not emit inline,
/// and the slow path of those it does (a value of an unexpected kind, an overflow, a fault).
pub(super) extern "C" fn step(context: *mut Context<'_>, pc: u32) -> u32 {
    // SAFETY: generated code passes the context pointer it was called with, which `run`
    // made from a live `&mut Context` that nothing else uses during the call.
    let context = unsafe { &mut *context };
    context.with_vm(|loaded, function, scratch| vm::step_at(loaded, function, scratch, pc as usize))
}

/// [`text_equal`]: the operands are not both text; the VM compares them.
pub(super) const NOT_TEXT: u32 = 2;

/// Whether the texts in registers `a` and `b` are equal (1) or not (0), by content as the VM
/// compares them ([`NOT_TEXT`] when either is no text). Reads only; needs no VM dispatch.
pub(super) extern "C" fn text_equal(context: *mut Context<'_>, a: u32, b: u32) -> u32 {
    // SAFETY: as in `step`.
    let context = unsafe { &mut *context };
    // SAFETY: as in `Context::refresh`; only read here.
    let scratch = unsafe { &*context.scratch };
    match (scratch.regs.get(a as usize), scratch.regs.get(b as usize)) {
        (Some(Value::Text(x)), Some(Value::Text(y))) => {
            u32::from(crate::format::text(context.loaded, scratch, *x) == crate::format::text(context.loaded, scratch, *y))
        }
        _ => NOT_TEXT,
    }
}

/// Stores the fault of a decision that ran out of steps at the backward jump at `pc`.
pub(super) extern "C" fn out_of_steps(context: *mut Context<'_>, pc: u32) -> u32 {
    // SAFETY: as in `step`.
    let context = unsafe { &mut *context };
    context.with_vm(|_, function, scratch| Err(vm::out_of_steps(function, scratch.step_budget, pc as usize)))
}
