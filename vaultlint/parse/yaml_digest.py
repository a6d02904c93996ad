"""Frontmatter data as digests: compared in time linear in its text, however many aliases it has."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from vaultlint.hashing import blake2b


def digest_data(data: object) -> object:
    """What frontmatter ``data`` says, in a form compared in time linear in its text: a digest of each
    value, a mapping's by key (the guard leaves out the keys a fix may change).

    ``==`` on the data itself walks every alias's expansion again (exponential in an alias bomb) and
    recurses forever on a value that holds itself (`&r [*r]`); digests are built once per shared value.
    Equal data have equal digests, as ``==`` says (a mapping's or set's order aside), but for numbers
    of different types (``1`` and ``1.0``), which YAML tells apart anyway.
    """
    digests = _Digests()
    if isinstance(data, dict):
        return {key: digests.of(value) for key, value in data.items()}
    return digests.of(data)


_CONTAINERS = (dict, list, tuple, set, frozenset)


def _digest(*parts: bytes) -> bytes:
    return blake2b(b"".join(parts), digest_size=16).digest()


def _leaf(value: object) -> bytes:
    return _digest(type(value).__name__.encode(), b":", repr(value).encode("utf-8", "surrogatepass"))


@dataclass(eq=False, repr=False)  # working state, never compared nor shown: no == or repr to compile
class _Frame:
    """A container being digested: its children, the digests of those done, and the shallowest depth a
    reference back up the path (to a container holding itself) reaches from inside it."""

    value: Any
    children: list[Any]
    digests: list[bytes] = field(default_factory=list)
    reach: int = 1 << 30


@dataclass(eq=False, repr=False)  # working state, never compared nor shown: no == or repr to compile
class _Digests:
    """Digests of containers by identity: each shared value (an anchor) is digested once."""

    done: dict[int, bytes] = field(default_factory=dict)

    def of(self, value: object) -> bytes:
        if not isinstance(value, _CONTAINERS):
            return _leaf(value)
        if id(value) in self.done:
            return self.done[id(value)]
        # Iterative: libyaml nests 1,000 deep, past Python's recursion limit.
        path: dict[int, int] = {id(value): 0}  # the containers being digested, by depth
        stack = [_Frame(value, _children(value))]
        while True:
            frame = stack[-1]
            if len(frame.digests) < len(frame.children):
                child = frame.children[len(frame.digests)]
                if not isinstance(child, _CONTAINERS):
                    frame.digests.append(_leaf(child))
                elif id(child) in self.done:
                    frame.digests.append(self.done[id(child)])
                elif id(child) in path:  # a container inside itself: named by how many levels up it is
                    frame.digests.append(_digest(b"up:", str(len(stack) - path[id(child)]).encode()))
                    frame.reach = min(frame.reach, path[id(child)])
                else:
                    path[id(child)] = len(stack)
                    stack.append(_Frame(child, _children(child)))
                continue
            stack.pop()
            del path[id(frame.value)]
            digest = _combine(frame.value, frame.digests)
            if frame.reach >= len(stack):  # no reference reaches above it: its digest is its own, keep it
                self.done[id(frame.value)] = digest
            if not stack:
                return digest
            stack[-1].digests.append(digest)
            stack[-1].reach = min(stack[-1].reach, frame.reach)


def _children(value: Any) -> list[Any]:
    if isinstance(value, dict):
        return [item for pair in value.items() for item in pair]  # key, value, key, value...
    return list(value)


def _combine(value: object, digests: list[bytes]) -> bytes:
    kind = type(value).__name__.encode()
    if isinstance(value, dict):  # a mapping's order is not its data (`==` agrees)
        pairs = sorted(_digest(digests[i], digests[i + 1]) for i in range(0, len(digests), 2))
        return _digest(kind, b"{", *pairs)
    if isinstance(value, (set, frozenset)):
        return _digest(kind, b"{", *sorted(digests))
    return _digest(kind, b"[", *digests)
