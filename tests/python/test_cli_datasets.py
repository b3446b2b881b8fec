"""`duikou datasets` and `duikou report --dataset NAME [--html FILE]`."""

from duikou import datasets
from duikou.cli import main


def test_datasets_lists_every_program(capsys):
    assert main(["datasets"]) == 0
    out = capsys.readouterr().out
    table = datasets.list()
    for name in table["name"]:
        assert any(line.startswith(name) for line in out.splitlines()), name
    assert f"{len(table)} programs, {int(table['pairs'].sum())} pairs" in out


def test_report_on_a_dataset(capsys, tmp_path):
    html = tmp_path / "wanbei.html"
    assert main(["report", "--dataset", "wanbei-2021", "--html", str(html)]) == 0
    out = capsys.readouterr().out
    assert "8 pairs" in out and "Sources" in out and "official-complete" in out
    assert "jiangsu.sina.cn" in out  # the page read is cited
    text = html.read_text(encoding="utf-8")
    assert "淮南市" in text and "闵行区" in text


def test_report_dataset_errors(capsys, tmp_path):
    assert main(["report", "--dataset", "no-such-program"]) == 2
    assert "no dataset 'no-such-program'" in capsys.readouterr().err
    assert main(["report", str(tmp_path / "a.csv"), "--dataset", "wanbei-2021"]) == 2
    assert "not both" in capsys.readouterr().err
