"""fixing.rendering.agree reads only the pieces between those two renderings share at either end (_middles):
the same answer as comparing every pair, and the middles are the whole's pieces where they differ."""

from __future__ import annotations

from hypothesis import example, given, settings
from hypothesis import strategies as st

from tests.test_rendering_agree import ALLOWED, PIECES
from vaultlint.fixing import rendering
from vaultlint.fixing.rendering import _middles, agree, differences, pieces, plain, shown
from vaultlint.parse.note import render_html


def every_pair(before: str, after: str, allowed: set[str]) -> bool:
    """agree as it read every piece of both renderings (before _middles): the definition it must keep."""
    if before == after:
        return True
    old, new = pieces(before), pieces(after)
    if len(old) != len(new):
        shorter = min(len(old), len(new))
        first = next((i for i, (a, b) in enumerate(zip(old, new, strict=False)) if a != b), shorter)
        back = zip(reversed(old), reversed(new), strict=False)
        last = min(next((i for i, (a, b) in enumerate(back) if a != b), shorter), shorter - first)
        old, new = ["".join(old[first : len(old) - last])], ["".join(new[first : len(new) - last])]
    return all(
        a == b or (plain(b) and not differences(shown(a), shown(b), allowed)) for a, b in zip(old, new, strict=True)
    )


def assert_middles_are_the_pieces_between(before: str, after: str) -> None:
    middles = _middles(before, after)
    if middles is None:
        return
    old, new = pieces(before), pieces(after)
    mid_old, mid_new = middles
    assert len(old) == len(new) and len(mid_old) == len(mid_new)
    width = len(mid_old)
    # some k: the middles are pieces k.. of each, and every other pair is the same piece
    assert any(
        old[k : k + width] == mid_old
        and new[k : k + width] == mid_new
        and old[:k] == new[:k]
        and old[k + width :] == new[k + width :]
        for k in range(len(old) - width + 1)
    ), (old, new, middles)


SHARED = st.lists(PIECES, max_size=12)


@settings(max_examples=1500, deadline=None)
@given(SHARED, st.lists(PIECES, max_size=6), st.lists(PIECES, max_size=6), SHARED, ALLOWED)
@example(["<p>", "a"], ["b"], ["c"], ["</p>"], set())
@example(["<li>"], ["x"], ["x</li><li>"], ["y</li>"], set())  # a tag wholly in the shared end, cut differently
@example(["<p"], [">"], ["x>"], [], set())  # a tag that is cut off where the shared start ends
@example([], ["<"], ["</"], ["p>t"], set())  # a tag that starts before the shared end
@example(["<li>"], ["a</p>t"], ["<p>/p>t"], [], set())  # a tag ending in the shared end, begun before it
def test_agree_is_every_pair_compared(
    head: list[str], one: list[str], other: list[str], tail: list[str], allowed: set[str]
) -> None:
    before, after = "".join(head + one + tail), "".join(head + other + tail)
    assert agree(before, after, allowed) == every_pair(before, after, allowed)
    assert_middles_are_the_pieces_between(before, after)


@settings(max_examples=1000, deadline=None)
@given(st.lists(PIECES, max_size=30), st.data(), ALLOWED)
def test_agree_is_every_pair_compared_after_scattered_edits(
    parts: list[str], data: st.DataObject, allowed: set[str]
) -> None:
    before = "".join(parts)
    edited = list(parts)
    for _ in range(data.draw(st.integers(1, 3))):
        at = data.draw(st.integers(0, len(edited)))
        edited[at : at + data.draw(st.integers(0, 2))] = data.draw(st.lists(PIECES, max_size=3))
    after = "".join(edited)
    assert agree(before, after, allowed) == every_pair(before, after, allowed)
    assert_middles_are_the_pieces_between(before, after)


def test_a_long_note_with_one_line_changed_reads_only_that_line() -> None:
    lines = [f"- item {i} [x](http://x.org/{i})" for i in range(200)]
    note = "# T\n\n" + "\n".join(lines) + "\n"
    before = render_html(note)
    after = render_html(note.replace("item 100 ", "item 100  "))
    middles = _middles(before, after)
    assert middles is not None
    assert len(middles[0]) <= 2  # the changed item's piece (and the one its tag starts), not 400
    assert agree(before, after) and every_pair(before, after, set())
    changed = render_html(note.replace("item 100 ", "item 1000 "))
    assert not agree(before, changed) and not every_pair(before, changed, set())
    assert agree(before, changed, {"wording"}) == every_pair(before, changed, {"wording"}) is True
    assert rendering.plain(before)
