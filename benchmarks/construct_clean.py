"""Time Pairings.from_codes and Pairings.from_frame at 1e6 rows (best of 5), to compare before and after name cleaning (issue 19).

Run: PYTHONPATH=$(tools/dev.sh NAME env) .venv/bin/python benchmarks/construct_clean.py
"""
import time, sys
import numpy as np, pandas as pd
import duikou
from duikou import Pairings

n = 1_000_000
rng = np.random.default_rng(0)
rec_labels = [f"受援{i}市" for i in range(20_000)]
par_labels = [f"支援{i}市" for i in range(2_000)]
rc = rng.integers(0, len(rec_labels), n).astype(np.int32)
pc = rng.integers(0, len(par_labels), n).astype(np.int32)
frame = pd.DataFrame({"recipient": np.asarray(rec_labels, dtype=object)[rc],
                      "partner": np.asarray(par_labels, dtype=object)[pc],
                      "region": np.asarray([f"区{i}" for i in range(50)], dtype=object)[rc % 50]})
unique_frame = pd.DataFrame({"recipient": np.asarray([f"受援{i}" for i in range(n)], dtype=object),
                             "partner": np.asarray(par_labels, dtype=object)[pc]})

def best(f, k=5):
    t = []
    for _ in range(k):
        s = time.perf_counter(); f(); t.append(time.perf_counter() - s)
    return min(t)

kw = {"on_invalid": "keep"}
print(f"from_codes 1e6 rows:          {best(lambda: Pairings.from_codes(rc, pc, rec_labels, par_labels, **kw)):.3f} s")
print(f"from_frame 1e6 rows (+region): {best(lambda: Pairings.from_frame(frame, **kw)):.3f} s")
print(f"from_frame 1e6 distinct recipients: {best(lambda: Pairings.from_frame(unique_frame, **kw)):.3f} s")
print(f"from_frame + partner_frequency() (region): "
      f"{best(lambda: Pairings.from_frame(frame, **kw).partner_frequency(), k=3):.3f} s")
