//! Hand-broken functions, one per rule of the verifier, each refused with its place and reason.

#![allow(clippy::unwrap_used, clippy::indexing_slicing, reason = "tests stop loudly")]

use super::super::*;
use crate::span::Span;

const INT: RegType = RegType::plain(RegKind::Int);
const BOOL: RegType = RegType::plain(RegKind::Bool);
const FLOAT: RegType = RegType::plain(RegKind::Float);

/// r0 = 1 (preloaded); r1 = r0 + r0; r2 = r1 < r0; if r2 { r3 = r0 }; r1 = r0; return.
fn valid() -> Function {
    let code = vec![
        Instr::Int { op: ArithOp::Add, dst: 1, a: 0, b: 0 },
        Instr::Cmp { op: CmpOp::Lt, kind: CmpKind::Int, dst: 2, a: 1, b: 0 },
        Instr::JumpIfNot { cond: 2, target: 4 },
        Instr::Move { dst: 3, src: 0 },
        Instr::Move { dst: 1, src: 0 },
        Instr::Return,
    ];
    Function {
        spans: vec![Span::default(); code.len()],
        code,
        consts: vec![Const::Int(1)],
        preload: vec![(0, 0)],
        registers: 5,
        types: vec![INT, INT, BOOL, INT, FLOAT],
        arguments: 0,
    }
}

fn refused(f: &Function) -> String {
    f.verify(&Program::default()).unwrap_err().to_string()
}

#[test]
fn a_well_formed_function_verifies() {
    assert_eq!(valid().verify(&Program::default()), Ok(()));
}

#[test]
fn each_broken_rule_is_refused_at_its_instruction() {
    type Break = fn(&mut Function);
    let cases: [(&str, Break, &str); 10] = [
        ("spans", |f| f.spans.truncate(5), "at instruction 6: 6 instructions but 5 spans: every instruction needs a span"),
        ("types", |f| f.types.truncate(4), "at instruction 6: 5 registers but 4 register types"),
        ("preload", |f| f.preload.push((9, 0)), "at instruction 6: preload (9, 0) is out of range"),
        (
            "no register",
            |f| f.code[4] = Instr::Move { dst: 1, src: 9 },
            "at instruction 4: Move { dst: 1, src: 9 } reads r9, which does not exist",
        ),
        (
            "unwritten on a path",
            |f| f.code[4] = Instr::Move { dst: 1, src: 3 },
            "at instruction 4: Move { dst: 1, src: 3 } reads r3 before it is written on some path",
        ),
        (
            "operand type",
            |f| f.code[0] = Instr::Int { op: ArithOp::Add, dst: 1, a: 2, b: 0 },
            "at instruction 0: Int { op: Add, dst: 1, a: 2, b: 0 } reads r2 as Int, but it holds Bool",
        ),
        (
            "result type",
            |f| f.code[1] = Instr::Cmp { op: CmpOp::Lt, kind: CmpKind::Int, dst: 1, a: 1, b: 0 },
            "at instruction 1: Cmp { op: Lt, kind: Int, dst: 1, a: 1, b: 0 } writes r1 as Bool, but it holds Int",
        ),
        (
            "move between kinds",
            |f| f.code[4] = Instr::Move { dst: 4, src: 0 },
            "at instruction 4: Move { dst: 4, src: 0 } writes Int into r4, which holds Float",
        ),
        (
            "jump outside",
            |f| f.code[2] = Instr::JumpIfNot { cond: 2, target: 60 },
            "at instruction 2: JumpIfNot { cond: 2, target: 60 } jumps to 60, outside the code",
        ),
        (
            "fall off the end",
            |f| f.code[5] = Instr::Move { dst: 1, src: 0 },
            "at instruction 5: Move { dst: 1, src: 0 } runs past the end of the code",
        ),
    ];
    for (name, break_it, message) in cases {
        let mut f = valid();
        break_it(&mut f);
        assert_eq!(refused(&f), message, "{name}");
    }
}

#[test]
fn arguments_count_as_written_and_loops_reach_a_fixed_point() {
    // r0 is an argument; the loop reads r1, written before the loop and in it.
    let code = vec![
        Instr::Move { dst: 1, src: 0 },
        Instr::JumpUnless { op: CmpOp::Lt, kind: CmpKind::Int, a: 1, b: 0, target: 4 },
        Instr::Int { op: ArithOp::Add, dst: 1, a: 1, b: 0 },
        Instr::Jump { target: 1 },
        Instr::Return,
    ];
    let f = Function {
        spans: vec![Span::default(); code.len()],
        code,
        registers: 2,
        types: vec![INT, INT],
        arguments: 1,
        ..Function::default()
    };
    assert_eq!(f.verify(&Program::default()), Ok(()));
    let unwritten = Function { arguments: 0, ..f };
    assert_eq!(refused(&unwritten), "at instruction 0: Move { dst: 1, src: 0 } reads r0 before it is written on some path");
}

#[test]
fn a_program_names_the_function_that_fails() {
    let mut broken = valid();
    broken.code[4] = Instr::Move { dst: 1, src: 3 };
    let test = TestCode {
        name: "t".into(),
        package: String::new(),
        decision: 0,
        given: vec![],
        pins: vec![],
        expects: vec![valid(), broken],
        results: vec![1, 1],
        sides: vec![None, None],
        expect_spans: vec![Span::default(); 2],
        span: Span::default(),
    };
    let program = Program { tests: vec![test], ..Program::default() };
    let error = program.verify().unwrap_err();
    assert_eq!(error.function, "expectation 2 of test `t`");
    assert_eq!(error.error.pc, 4);
}
