"""A streaming reader of OpenQASM 2 and 3 programs that counts them as it reads (see `counter`).

Why our own reader: ecosystem parsers build the whole program in memory (qiskit.qasm2 makes one
Python object per gate, several hundred bytes each; qiskit-qasm3-import's ANTLR parser reads
about 10^4 gates a second), while a planning input may have 10^7 gates or more. This reader
reads the file CHUNK_BYTES at a time and keeps only the registers, the gate definitions and
per-qubit state. Runs of plain lines (no comment, string or brace) are split at their ';' in
one go, and a top-level statement seen before is not parsed again: its kept `Step` runs, the
totals of a chunk's statements added once per distinct statement (about 1.4 M gates a second).
Loops run their body once per iteration (the body is held once, never unrolled into memory)
and a gate defined once is expanded at each call.

What it reads (the common subset of OpenQASM 2 and 3): `OPENQASM`, `include` of qelib1.inc or
stdgates.inc, `qreg`/`creg`, `qubit`/`bit` declarations, gate calls with modifiers, `gate`
definitions, `def` subroutines with qubit and classical arguments, `measure` (`->` and `=`
forms), `reset`, `barrier`, `if (...)` with or without braces and `else`, `for` over a range
or a set, `box`, and classical `const`/typed declarations and assignments whose values it can
evaluate (used in angles, indices and loop bounds). A conditioned operation is counted as if
it runs, and an `else` branch as well as its `if` branch: an upper bound. `while`, `switch`,
`extern`, `let` aliases and the like are refused with the line, and read with
qiskit-qasm3-import instead when the `programs` extra is installed (see `programs.read`).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from pathlib import Path

from ftplanner.errors import ProgramError
from ftplanner.programs.counter import MEASURE, RESET, LogicalCounter, Step, pairs_op, prepare
from ftplanner.programs.expressions import ExpressionError, evaluate, evaluate_integer
from ftplanner.programs.gates import (
    GateError,
    GateTable,
    closing_parenthesis,
    is_primitive,
    parse_call,
    parse_definition,
    split_top,
)

MAX_BLOCK_STATEMENTS = 100_000  # statements held for one gate, def, loop or if body
MAX_MEMO = 200_000  # distinct top-level statements kept parsed
CHUNK_BYTES = 2**20  # read at a time (with the longest line, what the file costs in memory)
PLAIN_WINDOW = 4096  # statements looked up in the memo at once

_KNOWN_INCLUDES = ("qelib1.inc", "stdgates.inc")
_QREG = re.compile(r"qreg\s+(\w+)\s*\[\s*(.+?)\s*\]$")
_CREG = re.compile(r"creg\s+(\w+)\s*\[\s*(.+?)\s*\]$")
_TYPED = re.compile(r"(qubit|bit)\s*(?:\[\s*(.+?)\s*\])?\s+(\w+)\s*(?:=\s*(.*))?$", re.S)
_CLASSICAL_DECL = re.compile(r"(?:const\s+)?(?:int|uint|float|angle|bool|duration)\s*(?:\[[^\]]*\])?\s+(\w+)\s*(?:=\s*(.*))?$",
                             re.S)
_INPUT = re.compile(r"(input|output)\s+\w+(?:\s*\[[^\]]*\])?\s+(\w+)$")
_ASSIGN = re.compile(r"(\w+)\s*(\[[^\]]*\])?\s*([-+*/]?=)\s*(.*)$", re.S)
_MEASURE_ARROW = re.compile(r"measure\s+(.+?)\s*->\s*(.+)$", re.S)
_OPERAND = re.compile(r"(\$?\w+)\s*(?:\[\s*(.*?)\s*\])?$", re.S)
_FOR = re.compile(r"for\s+(?:\w+(?:\s*\[[^\]]*\])?\s+)?(\w+)\s+in\s+(.+)$", re.S)
_SIMPLE_CALL = re.compile(r"([A-Za-z_]\w*)\s*(?:\(([^()]*)\))?\s+([A-Za-z_]\w*\s*\[\s*\d+\s*\](?:\s*,\s*[A-Za-z_]\w*\s*\[\s*\d+\s*\])*)$")
_INDEXED = re.compile(r"([A-Za-z_]\w*)\s*\[\s*(\d+)\s*\]")
_KEYWORDS = frozenset({"measure", "reset", "barrier", "qreg", "creg", "qubit", "bit", "if", "else", "include", "OPENQASM", "gate",
                       "def", "for", "while", "input", "output", "const", "let", "return", "box", "delay", "extern"})
_SET_BEFORE = re.compile(r"(\bin|\[)\s*$")
_REFUSED = ("while", "switch", "extern", "let", "return", "break", "continue", "defcal", "cal", "opaque")
_SKIPPED = ("barrier", "pragma", "#pragma", "defcalgrammar", "delay", "output")


class Unsupported(ProgramError):
    """A construct outside this reader's subset (another reader may take the program)."""


class _Lines:
    """Line numbers of the statements of a text split at its ';', counted forward as they are asked for."""

    def __init__(self, text: str, pieces: list[str], line: int):
        self.text, self.pieces = text, pieces
        self.index = self.position = 0  # pieces[index] starts at text[position], on line `line`
        self.line = line

    def of(self, k: int) -> int:
        """The line of the first character of statement `k` (k ascending from call to call)."""
        position = self.position + sum(map(len, self.pieces[self.index:k])) + (k - self.index)
        self.line += self.text.count("\n", self.position, position)
        self.index, self.position = k, position
        piece = self.pieces[k]
        return self.line + piece.count("\n", 0, len(piece) - len(piece.lstrip()))


@dataclass
class _Block:
    """A `{ ... }` block being collected: its header, first line and events."""

    header: str
    line: int
    events: list = field(default_factory=list)


@dataclass(frozen=True)
class _Subroutine:
    """A `def` subroutine: (kind, name) of each argument ('qubit' with a size, or classical) and its body."""

    arguments: tuple[tuple[str, str, int | None], ...]
    body: tuple


def count_qasm(path: str | Path, text: str | None = None) -> LogicalCounter:
    """Count the OpenQASM program at `path` (or the given `text`, named `path`); ProgramError on a bad program."""
    source = str(path)
    reader = _Reader(LogicalCounter(source))
    if text is None:
        with open(path, "rb") as handle:
            reader.read(_chunks(handle, source))
    else:
        reader.read([(text, 1)])
    return reader.counter


def _chunks(handle, source: str):
    """(text, number of its first line) for about CHUNK_BYTES of the file at a time, cut at the end of a line."""
    line, held = 1, []
    while block := handle.read(CHUNK_BYTES):
        cut = block.rfind(b"\n") + 1
        if not cut:  # a line longer than a chunk: held until it ends
            held.append(block)
            continue
        text = _decode(b"".join([*held, block[:cut]]), source, line)
        held = [block[cut:]]
        yield text, line
        line += text.count("\n")
    if data := b"".join(held):
        yield _decode(data, source, line), line


def _decode(data: bytes, source: str, line: int) -> str:
    """UTF-8 text with its line ends made '\\n' (as a file read as text has them)."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ProgramError(source, line + data.count(b"\n", 0, exc.start), f"not UTF-8 text ({exc.reason})") from None
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text


class _Specials:
    """Where the next comment, string or brace of a text is (what only the character-by-character path reads);
    each kind is searched for again only once the reading has passed it, so a text is scanned a few times at most."""

    NEEDLES = ("{", "}", '"', "//", "/*")

    def __init__(self, text: str):
        self.text = text
        self.found = [-1] * len(self.NEEDLES)

    def next(self, at: int) -> int:
        """The first position at or after `at` of any needle; the text's length when there is none."""
        found, text = self.found, self.text
        for i, needle in enumerate(self.NEEDLES):
            if found[i] < at:
                position = text.find(needle, at)
                found[i] = len(text) if position < 0 else position
        return min(found)


class _Tokenizer:
    """Splits lines that hold comments, strings or braces into (kind, line, text) events: a statement (';'),
    a block start ('{', its header) and a block end ('}'); a statement may run over several lines."""

    def __init__(self):
        self.buffer: list[str] = []
        self.start: int | None = None  # line of the first character of the statement being read
        self.comment = False

    @property
    def idle(self) -> bool:
        """Between statements and outside a comment: a plain line can be split at its ';'."""
        return not self.buffer and not self.comment

    def begin(self, text: str, number: int) -> None:
        """Start a statement with the unterminated end of a plain line."""
        self.buffer, self.start = [text], number

    def feed(self, number: int, line: str):
        i, n = 0, len(line)
        while i < n:
            ch = line[i]
            if self.comment:
                end = line.find("*/", i)
                if end < 0:
                    break
                self.comment, i = False, end + 2
            elif ch == "/" and line.startswith("//", i):
                break
            elif ch == "/" and line.startswith("/*", i):
                self.comment, i = True, i + 2
            elif ch == "{" and _SET_BEFORE.search("".join(self.buffer)) and line.find("}", i) > 0:
                end = line.find("}", i) + 1  # a set of values (`for i in {1, 3}`, `q[{0, 2}]`), not a block
                self.buffer.append(line[i:end])
                i = end
            elif ch in ";{}":
                text = "".join(self.buffer).strip()
                at = self.start or number
                self.buffer, self.start = [], None
                if ch == "}" and text:
                    yield ";", at, text  # a statement without its ';' before '}'
                yield ch, (at if ch != "}" else number), text
                i += 1
            else:
                end = line.find('"', i + 1) + 1 if ch == '"' else i + 1
                end = n if end <= i else end
                if self.start is None and not ch.isspace():
                    self.start = number
                if self.start is not None:  # whitespace between statements is dropped, so plain lines stay fast
                    self.buffer.append(line[i:end])
                i = end

    def finish(self):
        text = "".join(self.buffer).strip()
        if text:
            yield "eof", self.start, f"the last statement, {text[:40]!r}, has no ';'"


class _Reader:
    """Reads statements and blocks, keeps the declarations, and runs each statement on the counter."""

    def __init__(self, counter: LogicalCounter):
        self.counter = counter
        self.gates = GateTable()
        self.qubits: dict[str, tuple[int, int]] = {}  # register -> (first flat index, size)
        self.bits: dict[str, tuple[int, int]] = {}
        self.values: dict[str, float] = {}  # classical names the reader can evaluate (global scope)
        self.subroutines: dict[str, _Subroutine] = {}
        self.memo: dict[str, Step] = {}  # top-level statement as written -> its Step
        self.kept: Step | None = None  # the Step of the top-level statement just run, for the memo
        self.last_condition: tuple[int, ...] | None = None
        self.condition = (0, 0)  # (layer, reaction) levels every operation waits for inside a conditioned block
        self.stack: list[_Block] = []  # blocks being collected

    # errors -----------------------------------------------------------------------------------------------
    def fail(self, line: int, message: str, unsupported: bool = False):
        raise (Unsupported if unsupported else ProgramError)(self.counter.source, line, message)

    # the stream -------------------------------------------------------------------------------------------
    def read(self, chunks) -> None:
        """Count every chunk (see `chunk`), then check that every statement and block was closed."""
        tokens = _Tokenizer()
        for text, line in chunks:
            self.chunk(text, line, tokens)
        for event in tokens.finish():
            self.event(*event)
        if self.stack:
            self.fail(self.stack[0].line, "'{' is never closed")
        if not self.qubits:
            self.fail(1, "no qubits declared (qreg or qubit)")

    def chunk(self, text: str, line: int, tokens: _Tokenizer) -> None:
        """Lines of text that starts at `line`: runs of plain lines (no comment, string or brace, outside any block)
        split at their ';' at once (`plain`), the other lines through the tokenizer."""
        specials = _Specials(text)
        at, end = 0, len(text)
        while at < end:
            if not self.stack and tokens.idle:
                special = specials.next(at)
                stop = text.rfind("\n", at, special) + 1 if special < end else end  # the start of the special's line
                if stop > at:
                    rest, rest_line = self.plain(text[at:stop], line)
                    if rest.strip():
                        tokens.begin(rest, rest_line)
                    line += text.count("\n", at, stop)
                    at = stop
                    continue
            stop = text.find("\n", at) + 1 or end
            for event in tokens.feed(line, text[at:stop]):
                self.event(*event)
            at, line = stop, line + 1

    def plain(self, text: str, line: int) -> tuple[str, int]:
        """Run the statements of plain lines starting at `line`: each one seen before as its kept Step, gathered and
        run together; returns the text after the last ';' and its line."""
        pieces = text.split(";")
        statements = len(pieces) - 1
        memo = self.memo.get
        lines = _Lines(text, pieces, line)
        batch: list = []
        first = 0  # the statement batch[0] is
        for start in range(0, statements, PLAIN_WINDOW):
            window = pieces[start:min(start + PLAIN_WINDOW, statements)]
            steps = list(map(memo, window))
            if None not in steps:
                batch += steps
                continue
            for k, piece in enumerate(window, start):  # a statement not seen before may change what the others mean
                step = memo(piece)
                if step is not None:
                    batch.append(step)
                    continue
                self.run_batch(batch, first, lines)
                batch, first = [], k + 1
                self.new_statement(piece, lines.of(k))
        self.run_batch(batch, first, lines)
        return pieces[-1], lines.of(statements)

    def run_batch(self, batch: list, first: int, lines: _Lines) -> None:
        """Run kept Steps of statements `first`, `first` + 1, ...; beyond MAX_OPERATIONS, fail at the line of the one
        that passes it."""
        if batch and (done := self.counter.run_steps(batch)) < len(batch):
            self.counter.line = lines.of(first + done)
            self.counter.too_many()

    def new_statement(self, piece: str, line: int) -> None:
        """A top-level statement not in the memo: read, run, and kept under its text as written (what `plain`
        looks up) when it is a gate call or a measurement."""
        text = piece.strip()
        self.kept = None
        ops = self.simple_call(text)
        if ops is None:
            self.statement(text, line, {}, top=True)
        else:
            self.counter.line = line
            self.run(ops, True, {})
        if self.kept is not None and len(self.memo) < MAX_MEMO:
            self.memo[piece] = self.kept

    def event(self, kind: str, line: int, text: str) -> None:
        """One event of the tokenizer: collected into the open block, or run at the top level."""
        stack = self.stack
        if kind == "eof":
            self.fail(line, text)
        if kind == "{":
            stack.append(_Block(text, line))
        elif kind == "}":
            if not stack:
                self.fail(line, "'}' closes no '{'")
            block = stack.pop()
            if stack:
                stack[-1].events.append(("block", block.line, block))
            else:
                self.block(block, {}, top=True)
        elif stack:
            events = stack[-1].events
            if len(events) >= MAX_BLOCK_STATEMENTS:
                self.fail(stack[-1].line, f"a block of more than {MAX_BLOCK_STATEMENTS:,} statements: the limit of "
                                          f"one body (a loop repeats its body without holding it again)")
            events.append((kind, line, text))
        else:
            self.statement(text, line, {}, top=True)

    # statements -------------------------------------------------------------------------------------------
    def statement(self, text: str, line: int, scope: dict, top: bool = False) -> None:
        """Run one ';'-terminated statement in `scope` (loop variables and arguments over the global values)."""
        counter = self.counter
        counter.line = line
        if not text:
            return
        word = re.match(r"[#$\w]*", text).group()
        try:
            if word in ("OPENQASM", "include"):
                return self.header(word, text, line, top)
            if word in _SKIPPED or text.startswith("@"):
                return
            if word in _REFUSED:
                self.fail(line, f"OpenQASM 3 {word!r} is outside what ftplanner's reader counts", unsupported=True)
            if word in ("qreg", "qubit", "creg", "bit"):
                return self.declare(text, line, scope, top)
            if word == "if":
                return self.conditional(text, line, scope)
            if word == "else":
                return self.otherwise([(";", line, text[4:].strip())], line, scope)
            if word in ("measure", "reset") or re.match(r"[\w\[\]\s]+=\s*measure\b", text):
                return self.run(self.measure_or_reset(text, line, scope), top, scope)
            if word in ("const", "int", "uint", "float", "angle", "bool", "duration", "input"):
                return self.classical_declaration(text, line, scope)
            if (m := _ASSIGN.match(text)) and m.group(1) not in self.gates.definitions:
                return self.assign(m, line, scope)
            if word in self.subroutines and not self.gates.knows(word):
                return self.call_subroutine(text, line, scope)
            return self.run(self.gate_call(text, line, scope), top, scope)
        except (GateError, ExpressionError) as exc:
            self.fail(line, str(exc))

    def run(self, ops: tuple, top: bool, scope: dict) -> None:
        """Run a statement's operations under the current condition; a top-level one is kept for its next time."""
        step = prepare(ops, conditioned=self.condition != (0, 0))
        if top and not scope:
            self.kept = step
        if not self.counter.run_steps([step], *self.condition):
            self.counter.too_many()

    def header(self, word: str, text: str, line: int, top: bool) -> None:
        if not top:
            self.fail(line, f"{word} belongs at the top of the program")
        if word == "include":
            name = text[len("include"):].strip().strip('"')
            if name not in _KNOWN_INCLUDES:
                self.fail(line, f"include {name!r}: only qelib1.inc and stdgates.inc are known; put the gates of other "
                                f"files in the program")
        else:
            version = text.split(None, 1)[1] if len(text.split()) > 1 else ""
            if not re.fullmatch(r"[23](\.\d+)?", version):
                self.fail(line, f"OPENQASM {version}: ftplanner reads OpenQASM 2 and 3")

    def declare(self, text: str, line: int, scope: dict, top: bool) -> None:
        """qreg/creg/qubit/bit declarations (a `bit b = measure q;` also measures)."""
        if not top:
            self.fail(line, "registers are declared at the top level of a program, not in a block")
        m = _QREG.match(text) or _CREG.match(text)
        if m:
            kind, name, size_text, value = ("qubit" if text.startswith("q") else "bit"), m.group(1), m.group(2), None
        elif m := _TYPED.match(text):
            kind, size_text, name, value = m.group(1), m.group(2), m.group(3), m.group(4)
        else:
            self.fail(line, f"cannot read the declaration {text!r}")
        size = 1 if size_text is None else evaluate_integer(size_text, self.values, "register size")
        if size < 1:
            self.fail(line, f"register {name} of {size} qubits: a register holds at least one")
        if name in self.qubits or name in self.bits:
            self.fail(line, f"{name} is declared twice")
        if kind == "qubit":
            self.qubits[name] = (self.counter.add_qubits(name, size), size)
        else:
            self.bits[name] = (self.counter.add_bits(size), size)
            if value is not None:
                self.statement(f"{name} = {value}", line, scope)
        self.memo.clear()

    def classical_declaration(self, text: str, line: int, scope: dict) -> None:
        if m := _INPUT.match(text):
            self.values[m.group(2)] = math.nan
            return
        m = _CLASSICAL_DECL.match(text)
        if not m:
            self.fail(line, f"cannot read the declaration {text!r}")
        target = scope if scope else self.values
        target[m.group(1)] = self.value(m.group(2), scope) if m.group(2) else 0.0
        self.memo.clear()

    def value(self, text: str, scope: dict) -> float:
        """A classical value, NaN when it needs the program to run (a measurement, a function call)."""
        try:
            return evaluate(text, {**self.values, **scope})
        except ExpressionError:
            return math.nan

    def assign(self, m: re.Match, line: int, scope: dict) -> None:
        name, index, op, value = m.groups()
        if "measure" in value.split("(")[0]:
            self.fail(line, f"cannot read {m.group(0)!r}")
        if name in self.bits or index:
            return  # a classical bit set by arithmetic: not a measurement, nothing to count
        target = scope if name in scope else self.values
        new = self.value(value, scope)
        if op != "=":
            new = self.value(f"({target.get(name, math.nan)}) {op[0]} ({value})", scope)
        target[name] = new
        self.memo.clear()

    # operands ----------------------------------------------------------------------------------------------
    def operand(self, text: str, scope: dict, registers: dict, what: str) -> list[int]:
        """Flat indices of one operand: a register's element, a slice, a set, or the whole register."""
        m = _OPERAND.match(text.strip())
        if not m or m.group(1) not in registers and not (m.group(1) in scope and isinstance(scope[m.group(1)], list)):
            raise GateError(f"unknown {what} operand {text.strip()!r}")
        name, index = m.group(1), m.group(2)
        if name in scope and isinstance(scope[name], list):  # a def's qubit argument
            indices = scope[name]
            size = len(indices)
        else:
            first, size = registers[name]
            indices = range(first, first + size)
        if index is None:
            return list(indices)
        values = {**self.values, **{k: v for k, v in scope.items() if not isinstance(v, list)}}
        if index.startswith("{"):
            picks = [evaluate_integer(p, values, "index") for p in split_top(index.strip("{}"))]
        elif ":" in index:
            parts = [evaluate_integer(p, values, "index") for p in index.split(":")]
            start, step, stop = (parts[0], 1, parts[1]) if len(parts) == 2 else parts
            picks = list(range(start, stop + (1 if step > 0 else -1), step))
        else:
            picks = [evaluate_integer(index, values, "index")]
        for pick in picks:
            if not -size <= pick < size:
                raise GateError(f"{text.strip()} is outside {name}[{size}]")
        return [indices[p] for p in picks]

    def gate_call(self, text: str, line: int, scope: dict) -> tuple:
        """The primitive operations of a gate call statement, broadcast over register operands."""
        call = parse_call(text)
        if not self.gates.knows(call.name):
            if call.name in self.subroutines:
                return self.call_subroutine(text, line, scope)
            raise GateError(f"unknown gate {call.name!r}: define it in the program (gate {call.name} ... {{ ... }})")
        values = {**self.values, **{k: v for k, v in scope.items() if not isinstance(v, list)}}
        params = tuple(evaluate(p, values) for p in call.params)
        operands = [self.operand(o, scope, self.qubits, "qubit") for o in call.operands]
        width = max((len(o) for o in operands), default=1)
        if any(len(o) not in (1, width) for o in operands):
            raise GateError("registers of different sizes in one gate call")
        ops: list = []
        for k in range(width):
            qubits = tuple(o[k] if len(o) > 1 else o[0] for o in operands)
            ops += self.gates.expand(call.modifiers, call.name, params, qubits)
            self.counter.use(qubits)
            if len(set(qubits)) > 1:
                ops.append(pairs_op(tuple(dict.fromkeys(qubits))))
        return tuple(ops)

    def simple_call(self, text: str) -> tuple | None:
        """The operations of a gate call on literally indexed qubits (`cx q[0], q[3]`), read by one regular
        expression; None for anything else (read by `statement`)."""
        m = _SIMPLE_CALL.match(text)
        if not m or m.group(1) in _KEYWORDS or not self.gates.knows(m.group(1)):
            return None
        qubits = []
        for name, index in _INDEXED.findall(m.group(3)):
            register = self.qubits.get(name)
            if register is None or int(index) >= register[1]:
                return None  # the full reader says what is wrong
            qubits.append(register[0] + int(index))
        try:
            params = tuple(evaluate(p, self.values) for p in m.group(2).split(",")) if m.group(2) else ()
            ops = self.gates.expand((), m.group(1), params, tuple(qubits))
        except (GateError, ExpressionError):
            return None
        self.counter.use(qubits)
        if len(set(qubits)) > 1:
            ops = [*ops, pairs_op(qubits)]
        return tuple(ops)

    def measure_or_reset(self, text: str, line: int, scope: dict) -> tuple:
        """`measure q -> c`, `c = measure q`, `measure q`, `reset q` as MEASURE/RESET operations."""
        if text.startswith("reset"):
            qubits = self.operand(text[5:], scope, self.qubits, "qubit")
            self.counter.use(qubits)
            return tuple((RESET, q) for q in qubits)
        if m := _MEASURE_ARROW.match(text):
            qubits_text, bits_text = m.groups()
        elif "=" in text and not text.startswith("measure"):
            bits_text, _, rest = text.partition("=")
            qubits_text = rest.strip()[len("measure"):]
        else:
            qubits_text, bits_text = text[len("measure"):], None
        qubits = self.operand(qubits_text, scope, self.qubits, "qubit")
        self.counter.use(qubits)
        if bits_text is None:
            return tuple((MEASURE, q, -1) for q in qubits)
        bits = self.operand(bits_text, scope, self.bits, "bit")
        if len(bits) != len(qubits):
            raise GateError(f"{len(qubits)} qubit(s) measured into {len(bits)} bit(s)")
        return tuple((MEASURE, q, b) for q, b in zip(qubits, bits))

    # blocks -------------------------------------------------------------------------------------------------
    def block(self, block: _Block, scope: dict, top: bool = False) -> None:
        header, line = block.header, block.line
        self.counter.line = line
        word = re.match(r"\w*", header).group()
        try:
            if word == "gate":
                if not top:
                    self.fail(line, "gates are defined at the top level of a program")
                return self.define_gate(block)
            if word == "def":
                return self.define_subroutine(block)
            if word == "for":
                return self.loop(block, scope)
            if word == "if":
                return self.conditional(header, line, scope, block.events)
            if word == "else":
                return self.otherwise(block.events, line, scope)
            if word == "box" or not header:
                return self.events(block.events, scope)
            if word in _REFUSED or word == "while":
                self.fail(line, f"OpenQASM 3 {word!r} is outside what ftplanner's reader counts", unsupported=True)
            if word in ("cal", "defcal", "defcalgrammar"):
                return
            self.fail(line, f"cannot read the block {header!r}", unsupported=True)
        except (GateError, ExpressionError) as exc:
            self.fail(line, str(exc))

    def events(self, events: list, scope: dict, condition: tuple[int, ...] = ()) -> None:
        """Run a block's events; under `condition` (flat bit indices) every operation waits for those bits."""
        for kind, line, item in events:
            if kind == "block":
                if condition:
                    self.conditioned(condition, lambda item=item: self.block(item, scope))
                else:
                    self.block(item, scope)
            elif condition:
                self.conditioned(condition, lambda line=line, item=item: self.statement(item, line, scope))
            else:
                self.statement(item, line, scope)

    def conditioned(self, bits: tuple[int, ...], action) -> None:
        """Run `action` with every operation it counts waiting for the measurements of `bits`."""
        counter, saved = self.counter, self.condition
        self.condition = (max([saved[0], *(counter.bit_level[b] for b in bits)]),
                          max([saved[1], *(counter.bit_react[b] for b in bits)]))
        try:
            action()
        finally:
            self.condition = saved

    def condition_bits(self, condition: str, line: int, scope: dict) -> tuple[int, ...]:
        """The classical bits a condition reads: every bit register or bit it names."""
        bits: list[int] = []
        for name, index in re.findall(r"(\w+)\s*(\[[^\]]*\])?", condition):
            if name in self.bits:
                try:
                    bits += self.operand(name + index, scope, self.bits, "bit")
                except GateError as exc:
                    self.fail(line, str(exc))
        return tuple(dict.fromkeys(bits))

    def conditional(self, text: str, line: int, scope: dict, events: list | None = None) -> None:
        """`if (cond) statement;` or `if (cond) { ... }`: the body counted, conditioned on the bits it reads."""
        m = re.match(r"if\s*\(", text)
        end = closing_parenthesis(text, m.end() - 1)
        if end < 0:
            self.fail(line, f"cannot read the condition of {text!r}")
        bits = self.condition_bits(text[m.end():end], line, scope)
        body = events if events is not None else [(";", line, text[end + 1:].strip())]
        if events is not None and text[end + 1:].strip():
            self.fail(line, f"cannot read {text!r}")
        self.last_condition = bits
        self.events(body, scope, bits)

    def otherwise(self, events: list, line: int, scope: dict) -> None:
        if self.last_condition is None:
            self.fail(line, "else without an if")
        bits, self.last_condition = self.last_condition, None
        self.events(events, scope, bits)

    def loop(self, block: _Block, scope: dict) -> None:
        """`for [type] i in [a:b] / [a:step:b] / {v, ...}`: the body once per value, i bound to it."""
        m = _FOR.match(block.header)
        if not m:
            self.fail(block.line, f"cannot read the loop {block.header!r}")
        name, domain = m.group(1), m.group(2).strip()
        values = {**self.values, **{k: v for k, v in scope.items() if not isinstance(v, list)}}
        if domain.startswith("{"):
            iterations = [evaluate(v, values) for v in split_top(domain.strip("{}"))]
        elif domain.startswith("["):
            parts = [evaluate_integer(p, values, "loop bound") for p in domain.strip("[]").split(":")]
            if len(parts) not in (2, 3):
                self.fail(block.line, f"cannot read the range {domain!r}")
            start, step, stop = (parts[0], 1, parts[1]) if len(parts) == 2 else parts
            if step == 0:
                self.fail(block.line, "a range with step 0 never ends")
            iterations = range(start, stop + (1 if step > 0 else -1), step)
        else:
            self.fail(block.line, f"for over {domain!r}: ftplanner's reader loops over ranges and sets", unsupported=True)
        inner = dict(scope)
        for value in iterations:
            inner[name] = float(value)
            self.events(block.events, inner)

    def define_gate(self, block: _Block) -> None:
        body = []
        for kind, line, text in block.events:
            if kind != ";":
                self.fail(line, "a gate body holds gate calls only")
            body.append(text)
        definition = parse_definition(block.header[len("gate"):], body)
        if not is_primitive(definition.name):  # a primitive's name keeps its meaning: ccx stays one CCZ
            self.gates.define(definition)

    def define_subroutine(self, block: _Block) -> None:
        m = re.match(r"def\s+(\w+)\s*\((.*)\)\s*(->.*)?$", block.header, re.S)
        if not m:
            self.fail(block.line, f"cannot read the subroutine {block.header!r}")
        if m.group(3):
            self.fail(block.line, "subroutines that return values are outside what ftplanner's reader counts",
                      unsupported=True)
        arguments = []
        for argument in split_top(m.group(2)):
            a = re.match(r"(qubit|\w+)\s*(?:\[\s*(.*?)\s*\])?\s+(\w+)$", argument.strip())
            if not a:
                self.fail(block.line, f"cannot read the argument {argument!r}")
            size = evaluate_integer(a.group(2), self.values, "argument size") if a.group(1) == "qubit" and a.group(2) else None
            arguments.append((a.group(1), a.group(3), size))
        self.subroutines[m.group(1)] = _Subroutine(tuple(arguments), tuple(block.events))

    def call_subroutine(self, text: str, line: int, scope: dict):
        call = parse_call(text)
        subroutine = self.subroutines[call.name]
        if call.operands or call.modifiers or len(call.params) != len(subroutine.arguments):
            raise GateError(f"subroutine {call.name} takes {len(subroutine.arguments)} argument(s) in parentheses")
        inner: dict = {}
        for (kind, name, size), argument in zip(subroutine.arguments, call.params):
            if kind == "qubit":
                qubits = self.operand(argument, scope, self.qubits, "qubit")
                if len(qubits) != (size or 1):
                    raise GateError(f"subroutine {call.name}: {name} takes {size or 1} qubit(s), got {len(qubits)}")
                inner[name] = qubits
            else:
                inner[name] = self.value(argument, scope)
        self.events(list(subroutine.body), inner)
        return ()

