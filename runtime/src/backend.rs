//! The one interface every engine implements: run a decision body into an [`Outcome`], and run
//! an offer's message function. The VM is the reference; the JIT ([`crate::jit`]) is the
//! default, proven equal to it by the differential tests (`tests/it/differential.rs`).
//!
//! Everything after the body (arbitration, messages of chosen offers, output JSON, test
//! expectations) is shared and reads only the outcome, so engines differ in the body alone.
//!
//! [`Outcome`]: crate::outcome::Outcome

use crate::error::DecideError;
use crate::jit::JitProgram;
use crate::live::LoadFailure;
use crate::load::{LoadedDecision, LoadedProgram};
use crate::scratch::Scratch;
use crate::value::TextRef;
use crate::vm;
use std::fmt;
use std::sync::Arc;
use tenor_compiler::bytecode::DecisionCode;
use tenor_compiler::semantics::Fault;

/// Which backend runs an engine's decisions ([`crate::Engine::with_backend`]).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum BackendKind {
    /// The bytecode interpreter: the reference semantics.
    Vm,
    /// Native code compiled with Cranelift, the default. Explanations (and so coverage) and
    /// test expectations still run on the VM: they are the slow paths.
    #[default]
    Jit,
}

impl BackendKind {
    /// Every backend, the reference first: differential tests run each of them.
    pub const ALL: &'static [BackendKind] = &[BackendKind::Vm, BackendKind::Jit];

    /// Its name in messages, flags (`--engine`) and test output.
    pub fn name(self) -> &'static str {
        match self {
            BackendKind::Vm => "vm",
            BackendKind::Jit => "jit",
        }
    }

    /// The backend of this kind for a loaded program (the JIT compiles it here; a program it
    /// cannot compile is an error naming the decision, never a silent fallback).
    pub(crate) fn build(self, loaded: &Arc<LoadedProgram>) -> Result<Arc<dyn Backend>, LoadFailure> {
        match self {
            BackendKind::Vm => Ok(Arc::new(VmBackend)),
            BackendKind::Jit => Ok(Arc::new(JitBackend(Arc::new(JitProgram::compile(&loaded.program)?)))),
        }
    }
}

/// A decision as a backend runs it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct DecisionRef {
    /// Index into the program's decisions (and its explain-mode copies).
    pub index: usize,
    /// Whether this is the explain-mode copy (run by the VM only).
    pub explained: bool,
}

impl DecisionRef {
    /// Its code and its functions' initial registers in `loaded`.
    pub fn code(self, loaded: &LoadedProgram) -> Result<(&DecisionCode, &LoadedDecision), DecideError> {
        let (codes, functions) =
            if self.explained { (&loaded.program.explained, &loaded.explained) } else { (&loaded.program.decisions, &loaded.decisions) };
        match (codes.get(self.index), functions.get(self.index)) {
            (Some(code), Some(function)) => Ok((code, function)),
            _ => Err(DecideError::Runtime { fault: Fault::Internal("no such decision".into()), span: Default::default() }),
        }
    }
}

/// One way of running decision bodies and message functions.
///
/// Both methods read params and constants through `loaded` (param overrides share a backend),
/// and report faults as [`DecideError::Runtime`] with the VM's fault and span.
pub(crate) trait Backend: Send + Sync + fmt::Debug {
    /// Which backend this is.
    fn kind(&self) -> BackendKind;

    /// Runs the body of `decision` on the input decoded into `scratch` (arena and text) and
    /// leaves its results in `scratch.outcome`, spending `scratch.steps_left`.
    fn run_body(&self, loaded: &LoadedProgram, decision: DecisionRef, scratch: &mut Scratch) -> Result<(), DecideError>;

    /// Runs the message function of offer `offer` on the captures in `scratch.outcome`; the text
    /// it renders (in `scratch.text`), or `None` when the offer has no message.
    fn run_message(
        &self,
        loaded: &LoadedProgram,
        decision: DecisionRef,
        offer: usize,
        scratch: &mut Scratch,
    ) -> Result<Option<TextRef>, DecideError>;
}

/// The bytecode interpreter as a backend.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct VmBackend;

impl Backend for VmBackend {
    fn kind(&self) -> BackendKind {
        BackendKind::Vm
    }

    fn run_body(&self, loaded: &LoadedProgram, decision: DecisionRef, scratch: &mut Scratch) -> Result<(), DecideError> {
        let (code, function) = decision.code(loaded)?;
        vm::body_with(code, function, None, scratch, |scratch| vm::run(loaded, &code.body, scratch))
    }

    fn run_message(
        &self,
        loaded: &LoadedProgram,
        decision: DecisionRef,
        offer: usize,
        scratch: &mut Scratch,
    ) -> Result<Option<TextRef>, DecideError> {
        let (code, function) = decision.code(loaded)?;
        vm::message_with(code, function, (offer, None), scratch, |message, scratch| vm::run(loaded, message, scratch))
    }
}

/// The program as native code: one `JITModule`, freed when the last engine holding it is dropped.
/// Explain-mode decisions (never compiled) run on the VM.
#[derive(Debug)]
pub(crate) struct JitBackend(Arc<JitProgram>);

impl Backend for JitBackend {
    fn kind(&self) -> BackendKind {
        BackendKind::Jit
    }

    fn run_body(&self, loaded: &LoadedProgram, decision: DecisionRef, scratch: &mut Scratch) -> Result<(), DecideError> {
        if decision.explained {
            return VmBackend.run_body(loaded, decision, scratch);
        }
        let (code, function) = decision.code(loaded)?;
        let (jit, index) = (&self.0, decision.index);
        vm::body_with(code, function, jit.reset(index, None), scratch, |scratch| jit.run(loaded, index, None, &code.body, scratch))
    }

    fn run_message(
        &self,
        loaded: &LoadedProgram,
        decision: DecisionRef,
        offer: usize,
        scratch: &mut Scratch,
    ) -> Result<Option<TextRef>, DecideError> {
        if decision.explained {
            return VmBackend.run_message(loaded, decision, offer, scratch);
        }
        let (code, function) = decision.code(loaded)?;
        let (jit, index) = (&self.0, decision.index);
        vm::message_with(code, function, (offer, jit.reset(index, Some(offer))), scratch, |message, scratch| {
            jit.run(loaded, index, Some(offer), message, scratch)
        })
    }
}
