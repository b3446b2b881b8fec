"""duikou.layout: the matplotlib-free layout algorithms of the charts, checked by hand and without matplotlib."""

import subprocess
import sys
import textwrap

import numpy as np
import pandas as pd

from duikou import layout
from duikou.pairings import Pairings


def test_count_crossings_by_hand():
    # Edges (left, right): 0-1 and 1-0 cross; 0-0 and 1-1 do not; a shared endpoint never crosses.
    assert layout.count_crossings([0, 1], [1, 0]) == 1
    assert layout.count_crossings([0, 1], [0, 1]) == 0
    assert layout.count_crossings([0, 0, 1], [1, 0, 0]) == 1  # 0-1 crosses 1-0; 0-0 shares ends with both
    # K(2,2) drawn any way has exactly one crossing.
    assert layout.count_crossings([0, 0, 1, 1], [0, 1, 0, 1]) == 1


def test_barycentric_order_untangles_a_reversed_matching():
    # Left i is joined to right 3 - i: 6 crossings in input order, none once the right layer is reversed.
    left, right = np.arange(4), 3 - np.arange(4)
    assert layout.count_crossings(left, right) == 6
    left_pos, right_pos = layout.barycentric_order(left, right, 4, 4)
    assert layout.count_crossings(left_pos[left], right_pos[right]) == 0
    assert sorted(left_pos) == [0, 1, 2, 3] and sorted(right_pos) == [0, 1, 2, 3]


def test_barycentric_order_keeps_groups_together():
    # Left nodes 0, 2 in group 0 and 1, 3 in group 1: whatever the order, each group stays contiguous.
    left, right = np.array([0, 1, 2, 3]), np.array([3, 0, 2, 1])
    groups = np.array([0, 1, 0, 1])
    left_pos, _ = layout.barycentric_order(left, right, 4, 4, left_groups=groups)
    for g in (0, 1):
        assert np.ptp(np.sort(left_pos[groups == g])) == 1


def test_place_labels_moves_a_label_off_an_obstacle():
    # A marker box to the right of the anchor: the first candidate (right of it) clashes, the second
    # (left of it, right-aligned) is free.
    spots = layout.place_labels(anchors=[(50.0, 50.0)], widths=[20.0], height=10.0,
                                obstacles=[(54.0, 40.0, 80.0, 60.0)], bounds=(0.0, 0.0, 100.0, 100.0))
    assert spots == [(-4, 0, "right", "center", 0)]
    # Two labels at one anchor: the second does not overlap the first.
    spots = layout.place_labels([(50.0, 50.0), (50.0, 50.0)], [20.0, 20.0], 10.0, [], (0.0, 0.0, 100.0, 100.0))
    assert spots[0] == (4, 0, "left", "center", 0) and spots[1] == (-4, 0, "right", "center", 0)


def test_text_width_counts_wide_characters_as_one_em():
    assert layout.text_width_points("深圳市", 10) == 30.0
    assert layout.text_width_points("ab", 10) == 12.0


def test_bipartite_layout_of_a_small_table():
    # a-p, b-q, c-p: in input order b-q crosses c-p (1 crossing); putting c beside a removes it.
    p = Pairings(pd.DataFrame({"recipient": ["a", "b", "c"], "partner": ["p", "q", "p"], "region": "r"}))
    lay = layout.bipartite_layout(p)
    assert (lay.input_crossings, lay.crossings) == (1, 0)
    assert lay.recipients == ["a", "c", "b"] and lay.partners == ["p", "q"] and lay.groups == ["r", "r", "r"]
    assert list(lay.recipient_y) == [0.0, -1.0, -2.0] and list(lay.partner_y) == [-0.0, -2.0]


def test_layout_and_duikou_work_without_matplotlib():
    # matplotlib made unimportable: import duikou, lay out the 2022 plan, and never import matplotlib.
    code = textwrap.dedent("""
        import sys
        sys.modules["matplotlib"] = None  # any import of matplotlib now raises ImportError
        import duikou
        from duikou import layout
        plan = duikou.datasets.load()
        lay = layout.bipartite_layout(plan)
        assert lay.crossings <= lay.input_crossings
        print(repr(plan.concentration()).splitlines()[0], lay.crossings, lay.input_crossings)
        loaded = [m for m in sys.modules if m.startswith("matplotlib") and sys.modules[m] is not None]
        assert not loaded, loaded
    """)
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("Concentration of partners")


def test_import_duikou_does_not_import_matplotlib():
    code = "import sys, duikou; print('matplotlib' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"
