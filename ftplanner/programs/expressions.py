"""Classical expressions of OpenQASM programs (gate angles, indices, loop bounds), evaluated safely.

An expression is parsed with Python's `ast` (OpenQASM's arithmetic is Python's, once `^` reads
as a power as in OpenQASM 2 and `π`/`τ`/`ℇ` as their names) and refused unless it holds only
numbers, names, + - * / % ** and the OpenQASM built-in functions; it is then compiled once and
evaluated against a scope of known values. A name with no known value (an `input angle`, a
Qiskit Parameter) evaluates to NaN, which counts as an arbitrary rotation and is refused as
an index or a loop bound.
"""

from __future__ import annotations

import ast
import keyword
import math
import re
from functools import lru_cache

CONSTANTS = {"pi": math.pi, "π": math.pi, "tau": math.tau, "τ": math.tau, "euler": math.e, "ℇ": math.e}
FUNCTIONS = {"sin": math.sin, "cos": math.cos, "tan": math.tan, "arcsin": math.asin, "arccos": math.acos,
             "arctan": math.atan, "asin": math.asin, "acos": math.acos, "atan": math.atan, "exp": math.exp,
             "ln": math.log, "log": math.log, "sqrt": math.sqrt, "abs": abs, "floor": math.floor, "ceiling": math.ceil,
             "ceil": math.ceil, "mod": math.fmod}
_OPERATORS = (ast.Add, ast.Sub, ast.Mult, ast.Div, ast.Pow, ast.Mod, ast.FloorDiv, ast.USub, ast.UAdd)
_SPELLING = str.maketrans({"π": " pi ", "τ": " tau ", "ℇ": " euler "})
_GLOBALS = {"__builtins__": {}, **FUNCTIONS}
_KEYWORDS = re.compile(r"\b(" + "|".join(keyword.kwlist) + r")\b")  # OpenQASM names Python reserves (lambda)


class ExpressionError(ValueError):
    """An expression outside what a program's classical arithmetic may hold; the message says why."""


@lru_cache(maxsize=4096)
def compile_expression(text: str):
    """(code object, (Python name, program name) of each name it reads); ExpressionError if it is not plain arithmetic."""
    source = _KEYWORDS.sub(r"\1_", text.translate(_SPELLING).replace("^", "**").strip())
    try:
        tree = ast.parse(source, mode="eval")
    except SyntaxError:
        raise ExpressionError(f"cannot read the expression {text!r}") from None
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            if not (isinstance(node.func, ast.Name) and node.func.id in FUNCTIONS) or node.keywords:
                raise ExpressionError(f"unknown function in {text!r}")
        elif isinstance(node, ast.Name):
            if node.id not in FUNCTIONS:
                names.add((node.id, node.id[:-1] if keyword.iskeyword(node.id[:-1]) else node.id))
        elif isinstance(node, ast.Constant):
            if isinstance(node.value, bool) or not isinstance(node.value, (int, float)):
                raise ExpressionError(f"{text!r} is not a number")
            try:
                node.value = float(node.value)  # float arithmetic: 10**10**10 overflows at once instead of running
            except OverflowError:
                raise ExpressionError(f"{text!r} holds a number beyond floating point") from None
        elif not isinstance(node, (ast.Expression, ast.BinOp, ast.UnaryOp, ast.Load, *_OPERATORS)):
            raise ExpressionError(f"{text!r} is beyond the arithmetic a program may use here")
    return compile(tree, "<expression>", "eval"), frozenset(names)


def evaluate(text: str, scope: dict) -> float:
    """The value of `text` with the names of `scope` and the OpenQASM constants; NaN where a name has no value."""
    try:
        return float(text)
    except ValueError:
        pass
    code, names = compile_expression(text)
    values = {python: scope.get(name, CONSTANTS.get(name, math.nan)) for python, name in names}
    try:
        return float(eval(code, _GLOBALS, values))  # noqa: S307 - the tree holds arithmetic only (checked above)
    except (ArithmeticError, ValueError, TypeError) as exc:
        raise ExpressionError(f"cannot evaluate {text!r}: {exc}") from None


def evaluate_integer(text: str, scope: dict, what: str) -> int:
    """`text` as a whole number (an index, a bound, a count); ExpressionError naming `what` otherwise."""
    value = evaluate(text, scope)
    if not math.isfinite(value):
        raise ExpressionError(f"{what} {text!r} depends on a value that is not known before the program runs")
    if not value.is_integer():
        raise ExpressionError(f"{what} {text!r} is {value:g}, not a whole number")
    return int(value)
