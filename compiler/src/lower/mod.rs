//! Lowering: the typed IR to a bytecode [`Program`].
//!
//! Record layouts are fixed here (every record flattened into slots), each
//! decision becomes one [`Function`] whose outputs, eligibility flags and
//! scores end in known registers, and each test expectation becomes a small
//! function over the decision's outputs.

mod builder;
mod expr;
mod lists;

use crate::bytecode::*;
use crate::tir::*;
use builder::{Binding, FunctionBuilder, OuterLocal};

/// Lowers a checked program. Call only when checking reported no errors.
pub fn lower(checked: &Checked) -> Program {
    let mut program = Program {
        enums: checked.enums.iter().map(|e| EnumInfo { name: e.name.clone(), variants: e.variants.clone() }).collect(),
        records: Vec::new(),
        params: checked
            .params
            .iter()
            .map(|p| ParamInfo {
                name: p.name.clone(),
                package: p.package.clone(),
                ty: p.ty.clone(),
                default: p.default.clone(),
                positive: p.positive,
            })
            .collect(),
        ..Program::default()
    };
    program.records = layouts(checked);
    for decision in &checked.decisions {
        let code = lower_decision(checked, &mut program, decision, false);
        program.decisions.push(code);
        let traced = lower_decision(checked, &mut program, decision, true);
        program.explained.push(traced);
    }
    for test in &checked.tests {
        let code = lower_test(checked, &mut program, test);
        program.tests.push(code);
    }
    program
}

/// Flattened layouts; a record nested in a record takes its slots inline.
fn layouts(checked: &Checked) -> Vec<RecordLayout> {
    let mut sizes: Vec<Option<u32>> = vec![None; checked.records.len()];
    for id in 0..checked.records.len() {
        record_size(checked, id as RecordId, &mut sizes, 0);
    }
    checked
        .records
        .iter()
        .enumerate()
        .map(|(id, r)| {
            let mut offset = 0;
            let fields = r
                .fields
                .iter()
                .map(|f| {
                    let layout = FieldLayout { name: f.name.clone(), ty: f.ty.clone(), offset };
                    offset = offset.saturating_add(slot_size(checked, &f.ty, &mut sizes, 0));
                    layout
                })
                .collect();
            RecordLayout { name: r.name.clone(), fields, size: sizes.get(id).copied().flatten().unwrap_or(offset) }
        })
        .collect()
}

/// Most slots a record may flatten to; larger ones are refused by [`oversized_records`].
pub const MAX_RECORD_SLOTS: u32 = 1 << 20;

/// Records whose flattened layout exceeds [`MAX_RECORD_SLOTS`], as errors at their names.
pub fn oversized_records(checked: &Checked) -> Vec<crate::diagnostic::Diagnostic> {
    let mut sizes: Vec<Option<u32>> = vec![None; checked.records.len()];
    checked
        .records
        .iter()
        .enumerate()
        .filter_map(|(id, r)| {
            let size = record_size(checked, id as RecordId, &mut sizes, 0);
            (size > MAX_RECORD_SLOTS).then(|| {
                let message = format!("`{}` flattens to more than {MAX_RECORD_SLOTS} values through its nested records", r.name);
                crate::diagnostic::Diagnostic::error(crate::diagnostic::Code::TooDeep, r.span, message)
                    .with_label("too large")
                    .with_help("hold the repeated part in a List instead of nesting records inside records")
            })
        })
        .collect()
}

/// Deepest record nesting followed when sizing (the checker rejects cycles).
const MAX_NESTING: u32 = 64;

fn record_size(checked: &Checked, id: RecordId, sizes: &mut Vec<Option<u32>>, depth: u32) -> u32 {
    if let Some(Some(size)) = sizes.get(id as usize) {
        return *size;
    }
    if depth > MAX_NESTING {
        return 1;
    }
    let fields: Vec<Type> = checked.records.get(id as usize).map(|r| r.fields.iter().map(|f| f.ty.clone()).collect()).unwrap_or_default();
    let size = fields.iter().map(|t| slot_size(checked, t, sizes, depth + 1)).fold(0u32, u32::saturating_add).max(1);
    if let Some(slot) = sizes.get_mut(id as usize) {
        *slot = Some(size);
    }
    size
}

fn slot_size(checked: &Checked, ty: &Type, sizes: &mut Vec<Option<u32>>, depth: u32) -> u32 {
    match ty {
        Type::Record(r) => record_size(checked, *r, sizes, depth),
        Type::Optional(inner) if matches!(**inner, Type::Record(_)) => slot_size(checked, inner, sizes, depth).saturating_add(1),
        _ => 1,
    }
}

/// One decision; with `explain`, the code also records which arm fired and which condition failed.
fn lower_decision(checked: &Checked, program: &mut Program, decision: &DecisionDef, explain: bool) -> DecisionCode {
    let mut f = FunctionBuilder::new(checked, program, decision.locals);
    f.explain = explain;
    let mut inputs = Vec::new();
    let mut slot = 0u32;
    for (i, (name, ty)) in decision.inputs.iter().enumerate() {
        let binding = if matches!(ty, Type::Record(_)) { Binding::Row(slot) } else { Binding::Slot(slot) };
        f.bind(i as LocalId, binding);
        inputs.push(InputSlot { name: name.clone(), ty: ty.clone(), slot });
        slot = slot.saturating_add(f.program.size_of(ty));
    }
    let mut outputs = Vec::new();
    let mut experiments = Vec::new();
    for stmt in &decision.stmts {
        match stmt {
            TStmt::Experiment { index, local, unit } => {
                let Some(def) = decision.experiments.get(*index as usize) else { continue };
                let unit = f.expr(unit);
                let dst = f.fresh(RegType::plain(RegKind::Int));
                let experiment = f.program.experiments.len() as u32;
                f.program.experiments.push(ExperimentInfo { name: def.name.clone(), weights: def.weights.clone() });
                f.span = def.span;
                f.emit(Instr::Bucket { dst, unit, experiment });
                f.bind(*local, Binding::Reg(dst));
                experiments.push(ExperimentSlot { name: def.name.clone(), arms: def.arms, id: experiment, reg: dst });
            }
            TStmt::Let(local, value) => {
                let r = f.expr(value);
                f.bind(*local, Binding::Reg(r));
            }
            TStmt::Output { index, local, rules } => {
                let ty = decision.outputs.get(*index as usize).map(|d| d.ty.clone()).unwrap_or(Type::Error);
                let r = f.rules(rules, &ty);
                if let Some(trace) = f.last_rules.take() {
                    f.trace.outputs.push(trace);
                }
                f.bind(*local, Binding::Reg(r));
                if let Some(def) = decision.outputs.get(*index as usize) {
                    outputs.push(OutputSlot { name: def.name.clone(), ty: def.ty.clone(), reg: r });
                }
            }
        }
    }
    let offers = decision.offers.as_ref().map(|o| f.offers(o));
    let trace = explain.then(|| std::mem::take(&mut f.trace));
    let outer = f.outer_locals();
    let body = f.finish();
    let mut offers = offers;
    let mut captures = Vec::new();
    if let (Some(def), Some(code)) = (&decision.offers, offers.as_mut()) {
        let used = message_locals(def);
        for id in &used {
            if let Some(Some(OuterLocal::Reg(r, _))) = outer.get(*id as usize) {
                if !captures.contains(r) {
                    captures.push(*r);
                }
            }
        }
        let frame = MessageFrame { outer: &outer, used: &used, captures: &captures };
        for (offer, slot) in def.offers.iter().zip(code.offers.iter_mut()) {
            slot.message = offer.message.as_ref().map(|m| lower_message(checked, program, decision.locals, m, &frame));
        }
    }
    DecisionCode {
        name: decision.name.clone(),
        package: decision.package.clone(),
        inputs,
        frame_size: slot,
        body,
        captures,
        outputs,
        offers,
        experiments,
        trace,
    }
}

/// The locals of the body the offers' messages read, in local order.
fn message_locals(def: &OffersDef) -> Vec<LocalId> {
    let mut used: Vec<LocalId> = Vec::new();
    for message in def.offers.iter().filter_map(|o| o.message.as_ref()) {
        message.walk(&mut |e| {
            if let TExprKind::Local(id) = e.kind {
                used.push(id);
            }
        });
    }
    used.sort_unstable();
    used.dedup();
    used
}

/// What the message functions of a decision see of its body.
struct MessageFrame<'a> {
    /// The body's locals.
    outer: &'a [Option<OuterLocal>],
    /// The locals the messages read.
    used: &'a [LocalId],
    /// The body registers of those locals, passed as arguments.
    captures: &'a [Reg],
}

/// An offer's message as a function of its own: registers `0..captures.len()` receive the
/// captured body registers; constants and inputs are read as the body reads them.
fn lower_message(checked: &Checked, program: &mut Program, locals: u32, message: &TExpr, frame: &MessageFrame<'_>) -> MessageCode {
    let MessageFrame { outer, used, captures } = *frame;
    let mut f = FunctionBuilder::new(checked, program, locals);
    for r in captures {
        let ty = outer.iter().flatten().find_map(|l| match l {
            OuterLocal::Reg(o, ty) if o == r => Some(*ty),
            _ => None,
        });
        f.fresh(ty.unwrap_or(RegType { kind: RegKind::None, optional: true }));
    }
    for id in used {
        let binding = match outer.get(*id as usize).and_then(Option::as_ref) {
            Some(OuterLocal::Const(c)) => Binding::Reg(f.constant(c.clone())),
            Some(OuterLocal::Arena(b)) => *b,
            Some(OuterLocal::Reg(r, _)) => match captures.iter().position(|c| c == r) {
                Some(i) => Binding::Reg(i as Reg),
                None => continue,
            },
            _ => continue,
        };
        f.bind(*id, binding);
    }
    f.span = message.span;
    let result = f.expr(message);
    let (mut function, result) = f.finish_returning(result);
    function.arguments = captures.len() as u32;
    MessageCode { function, result }
}

fn lower_test(checked: &Checked, program: &mut Program, test: &TestDef) -> TestCode {
    let mut expects = Vec::new();
    let mut results = Vec::new();
    let mut sides = Vec::new();
    let mut expect_spans = Vec::new();
    let arguments = expect_arguments(checked.decisions.get(test.decision as usize));
    for expect in &test.expects {
        let mut f = FunctionBuilder::new(checked, program, test.locals);
        for (local, ty) in arguments.iter().enumerate() {
            let r = f.fresh(*ty);
            f.bind(local as LocalId, Binding::Reg(r));
        }
        sides.push(match &expect.kind {
            TExprKind::Binary(crate::ast::BinOp::Eq, l, r) => {
                Some(ExpectSides { actual: (f.expr(l), l.ty.clone()), expected: (f.expr(r), r.ty.clone()) })
            }
            _ => None,
        });
        let r = f.expr(expect);
        let (mut function, result) = f.finish_returning(r);
        function.arguments = arguments.len() as u32;
        expects.push(function);
        results.push(result);
        expect_spans.push(expect.span);
    }
    TestCode {
        name: test.name.clone(),
        package: test.package.clone(),
        decision: test.decision,
        given: test.given.clone(),
        pins: test
            .pins
            .iter()
            .filter_map(|(e, arm)| {
                let decision = checked.decisions.get(test.decision as usize)?;
                Some((decision.experiments.get(*e as usize)?.name.clone(), *arm))
            })
            .collect(),
        expects,
        results,
        sides,
        expect_spans,
        span: test.span,
    }
}

/// The types of the values an expectation reads, in the order of its first locals: the outputs,
/// then `offer`, `offers` and `suppressed`, then each experiment's arm, then each offer's message.
fn expect_arguments(decision: Option<&DecisionDef>) -> Vec<RegType> {
    let Some(decision) = decision else { return Vec::new() };
    let mut types: Vec<RegType> = decision.outputs.iter().map(|o| RegType::of(&o.ty)).collect();
    let offers = decision.offers.as_ref().map(|o| o.offers.len()).unwrap_or(0);
    if decision.offers.is_some() {
        types.extend([RegType::plain(RegKind::Int).or_none(), RegType::plain(RegKind::List), RegType::plain(RegKind::List)]);
    }
    types.extend(decision.experiments.iter().map(|_| RegType::plain(RegKind::Int)));
    types.extend((0..offers).map(|_| RegType::plain(RegKind::Text).or_none()));
    types
}
