"""A 1 MB page through duikou.parse_text, end to end in Python with the whole gazetteer (issue 13: under 0.5 s).

Two pages: the block of benchmarks/bench_text.cpp (``page_1mb``) repeated,
and the project's real-page documents (tests/data/documents/pages) repeated.
Prints the best CPU and wall time of three reads of each.

Usage: python benchmarks/read_page.py
"""

from __future__ import annotations

import pathlib
import time

import duikou

# The same block as page_1mb() in benchmarks/bench_text.cpp.
BLOCK = ("首页 | 新闻 | 专题 | 联系我们\n"
         "根据省里的部署,杭州市对口帮扶丽水市、衢州市;宁波市对口帮扶温州市。\n"
         "南京、苏州分别对口帮扶淮安、宿迁,镇江不再帮扶连云港。\n"
         "北京市对口支援甘孜州。结对如下:朝阳区——泸定县,海淀区——康定市。\n"
         "阿坝州松潘县由鹿城、瓯海、龙湾三区共同结对帮扶。代表团前往梅州市、河源市考察。\n"
         "序号|支援方|受援方\n1|上海市|遵义市\n2|深圳市|毕节市\n"
         "联系电话:010-12345678 版权所有\n")
PAGES = pathlib.Path(__file__).parents[1] / "tests" / "data" / "documents" / "pages"


def one_megabyte(text: str) -> str:
    copies = -(-1_000_000 // len(text.encode("utf-8")))
    return text * copies


def main() -> None:
    pages = "\n".join(p.read_text(encoding="utf-8") for p in sorted(PAGES.glob("*.txt"))) + "\n"
    duikou.parse_text("北京市对口支援拉萨市")  # the gazetteer is loaded once, on first use
    for name, page in (("bench_text block", one_megabyte(BLOCK)), ("pages/ documents", one_megabyte(pages))):
        runs = []
        for _ in range(3):
            cpu, wall = time.process_time(), time.perf_counter()
            duikou.parse_text(page)
            runs.append((time.process_time() - cpu, time.perf_counter() - wall))
        print(f"{name}: {len(page.encode('utf-8')) / 1e6:.2f} MB, best of 3: "
              f"{min(c for c, _ in runs):.3f} s CPU, {min(w for _, w in runs):.3f} s wall")


if __name__ == "__main__":
    main()
