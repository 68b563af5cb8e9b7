//! The Cranelift JIT: each decision of a `Program` compiled to native code.
//!
//! The only module of the workspace with `unsafe` (calling generated code, the helpers'
//! context pointer, freeing the module's memory); every block says why it is sound.
//!
//! - [`JitProgram::compile`] translates every decision body and every offer's message function
//!   ([`translate`]) into one `JITModule`, owned by the `JitProgram`; an engine holds it behind an
//!   `Arc`, and its memory is freed (`free_memory`) when the last engine using it is dropped.
//! - The native ABI and the helpers are in [`abi`]: generated code gets a context pointer
//!   (registers, arena, program pool, params, steps left) and returns a status; anything it does
//!   not do inline it asks the VM to do, one instruction at a time, so there is one semantics.
//! - Explain mode (`Decision::explain_json`, coverage) and test expectations stay on the VM:
//!   they are the slow paths and need no native code.
//! - A program the JIT cannot compile is an error naming the decision ([`JitError`]); the engine
//!   never falls back to the VM silently.

#![allow(unsafe_code, reason = "the JIT calls generated code and frees its memory; each block has a SAFETY comment")]

mod abi;
mod translate;

use crate::error::DecideError;
use crate::load::LoadedProgram;
use crate::scratch::Scratch;
use abi::Context;
use cranelift_codegen::ir::{types, AbiParam, Signature};
use cranelift_codegen::settings::{self, Configurable};
use cranelift_frontend::{FunctionBuilder, FunctionBuilderContext};
use cranelift_jit::{JITBuilder, JITModule};
use cranelift_module::{default_libcall_names, FuncId, Linkage, Module};
use tenor_compiler::bytecode::{DecisionCode, Function, Program};

/// A generated function: the context in, a status out.
type NativeFn = unsafe extern "C" fn(*mut Context<'_>) -> u32;

/// A program the JIT could not compile: a bug in the JIT (or in the compiler, when the code
/// fails the verifier), reported with the decision's name.
#[derive(Clone, Debug, PartialEq)]
pub struct JitError {
    /// The decision (empty when the failure is not one decision's).
    pub decision: String,
    /// What failed.
    pub message: String,
}

impl std::fmt::Display for JitError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.decision.as_str() {
            "" => write!(f, "the JIT cannot compile the program: {}", self.message)?,
            name => write!(f, "the JIT cannot compile decision `{name}`: {}", self.message)?,
        }
        write!(f, "; please report this policy (the VM runs it meanwhile: `--engine vm`, `BackendKind::Vm`)")
    }
}

impl std::error::Error for JitError {}

/// One compiled function: a decision's body or an offer's message.
#[derive(Clone, Copy)]
struct NativeFunction {
    /// Registers the code was compiled for (the register file must have at least these).
    registers: u32,
    code: NativeFn,
}

/// A decision as native code.
struct NativeDecision {
    body: NativeFunction,
    /// Per offer, its message function, if it has a message.
    messages: Vec<Option<NativeFunction>>,
    /// The registers to reset before the body runs (see `vm::reset`).
    body_reset: Vec<u32>,
    /// The same per message function.
    message_resets: Vec<Vec<u32>>,
}

/// The registers of `function` that must hold their initial values when it starts, as native
/// code needs them: its constants, and `read_after` (the registers its caller reads when it
/// returns, which the code may leave unwritten).
fn reset_list(function: &Function, read_after: impl IntoIterator<Item = u32>) -> Vec<u32> {
    let mut regs: Vec<u32> = function.preload.iter().map(|(r, _)| *r).chain(read_after).collect();
    regs.sort_unstable();
    regs.dedup();
    regs
}

/// The registers of a decision's body that the outcome reads when it returns.
fn outcome_registers(decision: &DecisionCode) -> Vec<u32> {
    let mut regs: Vec<u32> = decision.outputs.iter().map(|o| o.reg).collect();
    regs.extend(decision.experiments.iter().map(|e| e.reg));
    regs.extend(decision.captures.iter().copied());
    if let Some(offers) = &decision.offers {
        regs.extend(offers.limit);
        regs.extend(offers.groups.iter().map(|(_, r)| *r));
        for offer in &offers.offers {
            regs.extend([offer.eligible, offer.score]);
            regs.extend(offer.suppressed);
        }
    }
    regs
}

/// Owns the module's executable memory; frees it when dropped.
struct Memory(Option<JITModule>);

impl Drop for Memory {
    fn drop(&mut self) {
        if let Some(module) = self.0.take() {
            // SAFETY: `Memory` is dropped only with its `JitProgram` (or on a failed compile,
            // before any pointer escaped), so no generated function runs or is called after this.
            unsafe { module.free_memory() };
        }
    }
}

// SAFETY: after `finalize_definitions` the module is never used again except by `Drop` (which
// has exclusive access); the generated code itself is immutable and reentrant, so a
// `JitProgram` may be shared and called from any thread.
unsafe impl Send for Memory {}
// SAFETY: as above: no `&Memory` method reads or writes the module.
unsafe impl Sync for Memory {}

/// Every decision of a program as native code.
pub struct JitProgram {
    /// Per decision, its functions.
    decisions: Vec<NativeDecision>,
    /// Declared last: dropped after the entries that point into it.
    _memory: Memory,
}

impl std::fmt::Debug for JitProgram {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("JitProgram").field("decisions", &self.decisions.len()).finish()
    }
}

fn jit_error(decision: &str, message: impl std::fmt::Display) -> JitError {
    JitError { decision: decision.to_owned(), message: message.to_string() }
}

/// The host's ISA, optimizing for speed.
fn host_module() -> Result<JITModule, JitError> {
    let mut flags = settings::builder();
    let set = |flags: &mut settings::Builder, name: &str, value: &str| flags.set(name, value).map_err(|e| jit_error("", e));
    set(&mut flags, "opt_level", "speed")?;
    set(&mut flags, "is_pic", "false")?;
    set(&mut flags, "use_colocated_libcalls", "false")?;
    set(&mut flags, "enable_verifier", if cfg!(debug_assertions) { "true" } else { "false" })?;
    let isa =
        cranelift_native::builder().map_err(|e| jit_error("", e))?.finish(settings::Flags::new(flags)).map_err(|e| jit_error("", e))?;
    let mut builder = JITBuilder::with_isa(isa, default_libcall_names());
    builder.symbol("tenor_jit_step", abi::step as *const u8);
    builder.symbol("tenor_jit_out_of_steps", abi::out_of_steps as *const u8);
    builder.symbol("tenor_jit_text_equal", abi::text_equal as *const u8);
    Ok(JITModule::new(builder))
}

/// The module and what every function needs while being compiled.
struct Compiler {
    module: JITModule,
    context: cranelift_codegen::Context,
    builder: FunctionBuilderContext,
    step: FuncId,
    out_of_steps: FuncId,
    text_equal: FuncId,
    functions: usize,
}

impl Compiler {
    fn new(module: JITModule) -> Result<Compiler, JitError> {
        let mut module = module;
        let ptr = module.target_config().pointer_type();
        let mut helper = Signature::new(module.isa().default_call_conv());
        helper.params.extend([AbiParam::new(ptr), AbiParam::new(types::I32)]);
        helper.returns.push(AbiParam::new(types::I32));
        let step = module.declare_function("tenor_jit_step", Linkage::Import, &helper).map_err(|e| jit_error("", e))?;
        let out_of_steps = module.declare_function("tenor_jit_out_of_steps", Linkage::Import, &helper).map_err(|e| jit_error("", e))?;
        let mut pair = Signature::new(module.isa().default_call_conv());
        pair.params.extend([AbiParam::new(ptr), AbiParam::new(types::I32), AbiParam::new(types::I32)]);
        pair.returns.push(AbiParam::new(types::I32));
        let text_equal = module.declare_function("tenor_jit_text_equal", Linkage::Import, &pair).map_err(|e| jit_error("", e))?;
        let context = module.make_context();
        Ok(Compiler { module, context, builder: FunctionBuilderContext::new(), step, out_of_steps, text_equal, functions: 0 })
    }

    /// Compiles `function` (not yet finalized).
    fn function(&mut self, decision: &DecisionCode, function: &Function) -> Result<(u32, FuncId), JitError> {
        if i64::from(function.registers) * abi::layout::SIZE >= i64::from(i32::MAX) {
            return Err(jit_error(&decision.name, format!("{} registers are more than it supports", function.registers)));
        }
        let ptr = self.module.target_config().pointer_type();
        self.module.clear_context(&mut self.context);
        self.context.func.signature.params.push(AbiParam::new(ptr));
        self.context.func.signature.returns.push(AbiParam::new(types::I32));
        let b = FunctionBuilder::new(&mut self.context.func, &mut self.builder);
        let helpers = translate::Helpers {
            step: self.module.declare_func_in_func(self.step, b.func),
            out_of_steps: self.module.declare_func_in_func(self.out_of_steps, b.func),
            text_equal: self.module.declare_func_in_func(self.text_equal, b.func),
        };
        translate::Translator::translate(b, function, helpers, self.module.target_config()).map_err(|e| jit_error(&decision.name, e))?;
        self.functions += 1;
        let name = format!("tenor_{}", self.functions);
        let id =
            self.module.declare_function(&name, Linkage::Local, &self.context.func.signature).map_err(|e| jit_error(&decision.name, e))?;
        self.module.define_function(id, &mut self.context).map_err(|e| jit_error(&decision.name, format!("{e:?}")))?;
        Ok((function.registers, id))
    }
}

impl JitProgram {
    /// Compiles every decision of `program` (its normal code; explain mode stays on the VM).
    ///
    /// `program` must have passed [`Program::verify`]: native code trusts the verified register
    /// types (a register of a non-optional kind is read without checking its kind). Its one
    /// caller, [`crate::backend::BackendKind::build`], compiles a `LoadedProgram`, which only
    /// `Engine::new_on` makes, after verifying; verifying here again doubled the check on every load.
    pub(crate) fn compile(program: &Program) -> Result<JitProgram, JitError> {
        let mut memory = Memory(None);
        let mut compiler = Compiler::new(host_module()?)?;
        type Ids = ((u32, FuncId), Vec<Option<(u32, FuncId)>>);
        let mut ids: Vec<Ids> = Vec::new();
        let compiled = (|| {
            for decision in &program.decisions {
                let body = compiler.function(decision, &decision.body)?;
                let mut messages = Vec::new();
                for offer in decision.offers.iter().flat_map(|o| o.offers.iter()) {
                    messages.push(match &offer.message {
                        Some(message) => Some(compiler.function(decision, &message.function)?),
                        None => None,
                    });
                }
                ids.push((body, messages));
            }
            compiler.module.finalize_definitions().map_err(|e| jit_error("", e))
        })();
        let Compiler { module, .. } = compiler;
        let module = memory.0.insert(module);
        compiled?;
        let native = |(registers, id): (u32, FuncId)| {
            let address = module.get_finalized_function(id);
            // SAFETY: `address` is a function just compiled and finalized with the signature
            // `(pointer) -> i32` in the host's default calling convention, which is `extern "C"`
            // on this host; it stays valid while `memory` lives, and `memory` outlives every
            // copy of it (they live in the same `JitProgram`).
            let code = unsafe { std::mem::transmute::<*const u8, NativeFn>(address) };
            NativeFunction { registers, code }
        };
        let decisions = ids
            .into_iter()
            .zip(&program.decisions)
            .map(|((body, messages), code)| {
                let offers = code.offers.iter().flat_map(|o| o.offers.iter());
                NativeDecision {
                    body: native(body),
                    messages: messages.into_iter().map(|m| m.map(native)).collect(),
                    body_reset: reset_list(&code.body, outcome_registers(code)),
                    message_resets: offers
                        .map(|o| o.message.as_ref().map(|m| reset_list(&m.function, [m.result])).unwrap_or_default())
                        .collect(),
                }
            })
            .collect();
        Ok(JitProgram { decisions, _memory: memory })
    }

    /// The registers to reset before decision `decision`'s body (or message `message`) runs.
    pub(crate) fn reset(&self, decision: usize, message: Option<usize>) -> Option<&[u32]> {
        let native = self.decisions.get(decision)?;
        match message {
            None => Some(&native.body_reset),
            Some(offer) => native.message_resets.get(offer).map(Vec::as_slice),
        }
    }

    /// Runs decision `decision`'s body (or the message function of offer `message`), as
    /// `vm::run` runs `function`; the registers must already hold its initial values.
    pub(crate) fn run(
        &self,
        loaded: &LoadedProgram,
        decision: usize,
        message: Option<usize>,
        function: &Function,
        scratch: &mut Scratch,
    ) -> Result<(), DecideError> {
        let native = self.decisions.get(decision).and_then(|d| match message {
            None => Some(d.body),
            Some(offer) => d.messages.get(offer).copied().flatten(),
        });
        let Some(native) = native else {
            return Err(internal("no native code for this function"));
        };
        if scratch.regs.len() < native.registers as usize || function.registers != native.registers {
            return Err(internal("the native code was compiled for another program"));
        }
        let mut context = Context::new(loaded, function, scratch);
        // SAFETY: `native.code` points into this program's module, alive as long as `self`.
        // It reads and writes registers below `native.registers` only, and the register file
        // has at least that many (checked above); every arena, pool and param access is
        // bounds-checked against the lengths in the context; the helpers it calls never unwind.
        let status = unsafe { (native.code)(&mut context) };
        context.finish(status)
    }
}

fn internal(what: &str) -> DecideError {
    DecideError::Runtime { fault: tenor_compiler::semantics::Fault::Internal(what.to_owned()), span: Default::default() }
}
