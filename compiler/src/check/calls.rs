//! Calls: Tenor functions and tables, standard-library functions, and what is said when the
//! callee is not a function (a value, a field, a param, a type, a variant, a decision, a
//! misspelled library or function, or a method-style call).

use super::expr::{error_expr, is_stdlib_module, typed};
use super::globals::{Checker, Global};
use super::scope::Body;
use crate::ast::{self, ExprKind};
use crate::diagnostic::{did_you_mean, suggestion, Code, Diagnostic};
use crate::native::{Native, STDLIB};
use crate::span::Span;
use crate::tir::*;

impl Checker {
    /// Checks `callee(args)`.
    pub(super) fn call(&mut self, body: &mut Body, callee: &ast::Expr, args: &[ast::Expr], span: Span) -> TExpr {
        match &callee.kind {
            ExprKind::Field(base, name) => match &base.kind {
                ExprKind::Name(m) if body.lookup(m).is_none() && is_stdlib_module(m) => self.call_native(body, m, name, args, span),
                _ => self.call_field(body, base, name, args, callee.span),
            },
            ExprKind::Name(name) => match self.lookup(body.file, name) {
                Some((Global::Fn(id), target)) => {
                    self.reference(callee.span, target);
                    self.call_fn(body, id, args, span)
                }
                None if body.lookup(name).is_none() && ListOp::from_name(name).is_some() => match ListOp::from_name(name) {
                    Some(op) => self.list_op(body, op, name, args, span),
                    None => error_expr(span),
                },
                _ => self.call_name(body, name, args, callee.span),
            },
            _ => {
                let value = self.check_expr(body, callee, None);
                let what = if value.ty.is_error() { "this".to_owned() } else { format!("this {}", self.show(&value.ty)) };
                self.not_a_function(body, args, callee.span, format!("{what} is not a function"), CALL_HELP.to_owned())
            }
        }
    }

    /// `name(args)` where `name` is not a Tenor function in scope.
    fn call_name(&mut self, body: &mut Body, name: &str, args: &[ast::Expr], span: Span) -> TExpr {
        let problem = if let Some((_, ty, _)) = body.lookup(name) {
            Some(format!("`{name}` is a value of type {}, not a function", self.show(&ty)))
        } else {
            match self.lookup(body.file, name) {
                Some((Global::Param(id), _)) => {
                    let ty = self.out.params.get(id as usize).map(|p| p.ty.clone()).unwrap_or(Type::Error);
                    Some(format!("`{name}` is a param of type {}, not a function", self.show(&ty)))
                }
                Some((Global::Record(_) | Global::Enum(_), _)) => Some(format!("`{name}` is a type, not a function")),
                Some((Global::Decision(_), _)) => {
                    let help = "decisions are called by the host, or by `given` in a test".to_owned();
                    return self.not_a_function(body, args, span, format!("`{name}` is a decision, not a function"), help);
                }
                _ => self.variant_owner(name).map(|owner| format!("`{name}` is a variant of `{owner}`, not a function")),
            }
        };
        match problem {
            Some(message) => self.not_a_function(body, args, span, message, CALL_HELP.to_owned()),
            None => self.unknown_function(body, name, args, span),
        }
    }

    /// `base.name(args)` where `base` is not a library: a misspelled library, an enum variant,
    /// a record field, or a method-style call on a value.
    fn call_field(&mut self, body: &mut Body, base: &ast::Expr, name: &ast::Ident, args: &[ast::Expr], span: Span) -> TExpr {
        let text = format!("{}.{}", crate::print::expr(base), name.name);
        let owner = match &base.kind {
            ExprKind::Name(m) if body.lookup(m).is_none() => Some((m, self.lookup(body.file, m))),
            _ => None,
        };
        match owner {
            Some((m, None)) if self.variant_owner(m).is_none() => {
                if let Some(module) = did_you_mean(m, STDLIB.iter().map(|(module, _)| *module)) {
                    let message = format!("no library named `{m}`; did you mean `{module}`?");
                    let help = format!("the libraries are `time`, `text` and `math`: `{module}.{}(…)`", name.name);
                    return self.not_a_function(body, args, span, message, help);
                }
            }
            Some((_, Some((Global::Enum(_), _)))) => {
                let variant = self.field(body, base, name, span);
                if variant.ty.is_error() {
                    self.check_args_for_errors(body, args);
                    return error_expr(span);
                }
                return self.not_a_function(body, args, span, format!("`{text}` is an enum variant, not a function"), CALL_HELP.to_owned());
            }
            _ => {}
        }
        let value = self.check_expr(body, base, None);
        let field_ty = match &value.ty {
            Type::Record(r) => {
                self.out.records.get(*r as usize).and_then(|d| d.fields.iter().find(|f| f.name == name.name)).map(|f| f.ty.clone())
            }
            _ => None,
        };
        let library = STDLIB.iter().map(|(m, _)| *m).find(|m| self.natives.contains_key(&((*m).to_owned(), name.name.clone())));
        match (value.ty.is_error(), field_ty, library) {
            (true, _, _) => {
                self.check_args_for_errors(body, args);
                error_expr(span)
            }
            (false, Some(ty), _) => {
                let message = format!("`{text}` is a field of type {}, not a function", self.show(&ty));
                self.not_a_function(body, args, span, message, CALL_HELP.to_owned())
            }
            (false, None, Some(module)) => {
                let message = format!("`{text}` is not a function: values have no methods");
                let help = format!("pass the value to the library function: `{module}.{}({})`", name.name, crate::print::expr(base));
                self.not_a_function(body, args, span, message, help)
            }
            (false, None, None) => {
                self.field(body, base, name, span);
                self.check_args_for_errors(body, args);
                error_expr(span)
            }
        }
    }

    /// The enum that has a variant named `name`, if one does.
    fn variant_owner(&self, name: &str) -> Option<String> {
        self.out.enums.iter().find(|e| !e.name.contains('.') && e.variants.iter().any(|v| v == name)).map(|e| e.name.clone())
    }

    fn not_a_function(&mut self, body: &mut Body, args: &[ast::Expr], span: Span, message: String, help: String) -> TExpr {
        self.error(Diagnostic::error(Code::NotAFunction, span, message).with_label("not a function").with_help(help));
        self.check_args_for_errors(body, args);
        error_expr(span)
    }

    fn unknown_function(&mut self, body: &mut Body, name: &str, args: &[ast::Expr], span: Span) -> TExpr {
        let module = STDLIB.iter().find(|(m, _)| self.natives.contains_key(&((*m).to_owned(), name.to_owned()))).map(|(m, _)| *m);
        let help = match module {
            Some(m) => format!("it is in the standard library: `{m}.{name}(…)`"),
            None => "declare it with `fn`, or use one from the standard library (`time`, `text`, `math`)".to_owned(),
        };
        let fns: Vec<String> = self.visible(body.file).filter(|(_, (g, _))| matches!(g, Global::Fn(_))).map(|(n, _)| n.clone()).collect();
        let hint = suggestion(name, fns.iter().map(String::as_str));
        self.error(
            Diagnostic::error(Code::UnknownFunction, span, format!("no function named `{name}`{hint}"))
                .with_label("unknown function")
                .with_help(help),
        );
        self.check_args_for_errors(body, args);
        error_expr(span)
    }

    pub(super) fn check_args_for_errors(&mut self, body: &mut Body, args: &[ast::Expr]) {
        for arg in args {
            self.check_expr(body, arg, None);
        }
    }

    pub(super) fn arity(&mut self, name: &str, want: usize, got: usize, span: Span) -> bool {
        if want == got {
            return true;
        }
        self.error(
            Diagnostic::error(
                Code::ArgumentCount,
                span,
                format!(
                    "`{name}` takes {want} argument{}, but {got} {} given",
                    if want == 1 { "" } else { "s" },
                    if got == 1 { "was" } else { "were" }
                ),
            )
            .with_label("this call")
            .with_help("check the function's declaration"),
        );
        false
    }

    fn call_native(&mut self, body: &mut Body, module: &str, name: &ast::Ident, args: &[ast::Expr], span: Span) -> TExpr {
        let Some(sig) = self.natives.get(&(module.to_owned(), name.name.clone())).cloned() else {
            let known: Vec<String> = self.natives.keys().filter(|(m, _)| m == module).map(|(_, n)| n.clone()).collect();
            let hint = suggestion(&name.name, known.iter().map(String::as_str));
            self.error(
                Diagnostic::error(
                    Code::UnknownFunction,
                    name.span,
                    format!("the `{module}` library has no function `{}`{hint}", name.name),
                )
                .with_label("unknown function")
                .with_help(format!("see stdlib/{module}.tenor for what it offers")),
            );
            self.check_args_for_errors(body, args);
            return error_expr(span);
        };
        self.reference(name.span, sig.span);
        if matches!(sig.native, Native::MathMin | Native::MathMax) {
            return self.extremum(body, sig.native, args, span);
        }
        let full = format!("{module}.{}", name.name);
        if !self.arity(&full, sig.params.len(), args.len(), span) {
            self.check_args_for_errors(body, args);
            return error_expr(span);
        }
        let mut checked: Vec<TExpr> = args.iter().map(|a| self.check_expr(body, a, None)).collect();
        let generic_ty = if checked.iter().zip(&sig.generic).any(|(a, g)| *g && a.ty == Type::Float) { Type::Float } else { Type::Int };
        let mut out = Vec::new();
        for ((arg, want), generic) in checked.drain(..).zip(&sig.params).zip(&sig.generic) {
            let want = if *generic { generic_ty.clone() } else { want.clone() };
            out.push(self.coerce(arg, &want));
        }
        let result = if sig.result_generic { generic_ty } else { sig.result.clone() };
        if matches!(sig.native, Native::TimeDecay | Native::TimeFresh) {
            self.positive_half_life(&out);
        }
        typed(TExprKind::CallNative(sig.native, out), result, span)
    }

    /// A constant half-life (third argument of `time.decay`/`time.fresh`) must be positive.
    fn positive_half_life(&mut self, args: &[TExpr]) {
        let Some(half_life) = args.get(2) else { return };
        if let Some(Const::Int(seconds)) = super::constant::constant(half_life) {
            if seconds <= 0 {
                let message = format!("a half-life must be positive, not {}", crate::literal::format_duration(seconds));
                self.error(
                    Diagnostic::error(Code::BadLiteral, half_life.span, message)
                        .with_label("not positive")
                        .with_help("write how long the signal takes to lose half its weight, such as `14d`"),
                );
            }
        }
    }

    fn call_fn(&mut self, body: &mut Body, id: FnId, args: &[ast::Expr], span: Span) -> TExpr {
        let Some(def) = self.out.fns.get(id as usize) else {
            return error_expr(span);
        };
        let (name, params, result) = (def.name.clone(), def.params.clone(), def.result.clone());
        if let Some(caller) = body.current_fn {
            if let Some(calls) = self.fn_calls.get_mut(caller as usize) {
                calls.push((id, span));
            }
        }
        if !self.arity(&name, params.len(), args.len(), span) {
            self.check_args_for_errors(body, args);
            return error_expr(span);
        }
        let args = args
            .iter()
            .zip(&params)
            .map(|(a, (_, ty))| {
                let v = self.check_expr(body, a, Some(ty));
                self.coerce(v, ty)
            })
            .collect();
        typed(TExprKind::CallFn(id, args), result, span)
    }
}

/// What can be called.
const CALL_HELP: &str = "only functions can be called: a `fn`, a `table`, or a library function such as `text.lower(x)`";
