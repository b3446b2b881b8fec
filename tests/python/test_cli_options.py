"""The command line's options (issue 19, point 5): --on-invalid, --labels, --encoding, - for standard
input, --version and `duikou test`; each run in-process through main() and as a subprocess."""

import subprocess
import sys

import pytest

import duikou
from duikou.cli import main

TABLE = "recipient,partner,region\n赣州市,深圳市,赣闽粤原中央苏区\n吉安市,东莞市,赣闽粤原中央苏区\n赣州市,深圳市,赣闽粤原中央苏区\n"


def _cli(*args, stdin: bytes | None = None):
    """Run `python -m duikou ARGS` (a subprocess): (exit code, stdout, stderr)."""
    done = subprocess.run([sys.executable, "-m", "duikou", *args], input=stdin, capture_output=True)
    return done.returncode, done.stdout.decode("utf-8"), done.stderr.decode("utf-8")


@pytest.fixture
def repeated(tmp_path):
    path = tmp_path / "repeated.csv"
    path.write_text(TABLE, encoding="utf-8")
    return path


def test_version(capsys):
    with pytest.raises(SystemExit) as stop:
        main(["--version"])
    assert stop.value.code == 0
    assert capsys.readouterr().out.strip() == f"duikou {duikou.__version__}"
    code, out, _ = _cli("--version")
    assert code == 0 and out.strip() == f"duikou {duikou.__version__}"


def test_report_on_invalid(repeated, capsys):
    # error (default): the message names the command line's option, not the Python argument
    assert main(["report", str(repeated)]) == 2
    err = capsys.readouterr().err
    assert "line 4: repeats line 2" in err and "--on-invalid keep" in err and "on_invalid=" not in err
    assert main(["report", "--on-invalid", "drop", str(repeated)]) == 0
    out = capsys.readouterr().out
    assert "2 pairs" in out and next(x for x in out.splitlines() if x.startswith("深圳市")).split()[1] == "1"
    assert main(["report", "--on-invalid", "keep", str(repeated)]) == 0
    out = capsys.readouterr().out
    assert "3 pairs" in out and next(x for x in out.splitlines() if x.startswith("深圳市")).split()[1] == "2"
    code, out, err = _cli("report", str(repeated))
    assert code == 2 and "--on-invalid" in err and "on_invalid=" not in err
    code, out, _ = _cli("report", "--on-invalid", "drop", str(repeated))
    assert code == 0 and "2 pairs" in out


def test_report_labels(capsys):
    assert main(["report", "--labels", "en"]) == 0
    out = capsys.readouterr().out
    assert "Shenzhen" in out and "深圳市" not in out.split("Partner frequency")[1].split("Region coverage")[0]
    code, out, _ = _cli("report", "--labels", "en")
    assert code == 0 and "Shenzhen" in out
    with pytest.raises(SystemExit):
        main(["report", "--labels", "fr"])


def test_report_reads_standard_input(repeated, monkeypatch, capsys):
    code, out, err = _cli("report", "--on-invalid", "drop", "-", stdin=repeated.read_bytes())
    assert code == 0 and "2 pairs" in out
    code, _, err = _cli("report", "-", stdin=repeated.read_bytes())
    assert code == 2 and "<stdin>: 1 invalid row" in err and "line 4: repeats line 2" in err
    # JSON on standard input is told from CSV by its first character
    json_text = duikou.datasets.load().to_json().encode("utf-8")
    code, out, _ = _cli("report", "-", stdin=json_text)
    assert code == 0 and "20 pairs" in out
    # in-process: sys.stdin replaced
    import io

    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(repeated.read_bytes()), encoding="utf-8"))
    assert main(["report", "--on-invalid", "keep", "-"]) == 0
    assert "3 pairs" in capsys.readouterr().out


def test_report_encoding(tmp_path, capsys):
    path = tmp_path / "gbk.csv"
    path.write_bytes(TABLE.encode("gbk"))
    assert main(["report", "--on-invalid", "drop", "--encoding", "gbk", str(path)]) == 0
    out = capsys.readouterr().out
    assert "深圳市" in out and "2 pairs" in out
    # without it the file is not UTF-8: the error names the option to use
    assert main(["report", str(path)]) == 2
    err = capsys.readouterr().err
    assert "gbk.csv" in err and "line 2" in err
    assert main(["report", "--encoding", "no-such-codec", str(path)]) == 2
    assert "--encoding no-such-codec" in capsys.readouterr().err
    code, out, _ = _cli("report", "--encoding", "gb18030", "--on-invalid", "keep", str(path))
    assert code == 0 and "3 pairs" in out
    code, out, _ = _cli("report", "--encoding", "gbk", "--on-invalid", "keep", "-", stdin=path.read_bytes())
    assert code == 0 and "3 pairs" in out


DOCUMENT = "一、赣闽粤原中央苏区\n1. 赣州市——深圳市\n2. 吉安市——东莞市\n"


def test_parse_options(tmp_path, capsys):
    doc = tmp_path / "doc.txt"
    doc.write_bytes(DOCUMENT.encode("gbk"))
    assert main(["parse", "--encoding", "gbk", "--labels", "en", str(doc)]) == 0
    out = capsys.readouterr().out
    assert "Ganzhou" in out and "Shenzhen" in out and "2 pairs" in out
    assert main(["parse", "--encoding", "gbk", str(doc)]) == 0
    assert "赣州市" in capsys.readouterr().out
    code, out, _ = _cli("parse", "-", stdin=DOCUMENT.encode("utf-8"))
    assert code == 0 and "赣州市" in out and "深圳市" in out
    code, out, _ = _cli("parse", "--encoding", "gbk", "--labels", "en", "--on-invalid", "drop", str(doc))
    assert code == 0 and "Shenzhen" in out


def test_parse_on_invalid_self_pair(tmp_path, capsys, monkeypatch):
    # The reader never states a self-pair itself; one made by hand in its output stands for one it might.
    import duikou.document

    real = duikou.document._core.extract_pairs

    def with_self_pair(*args):
        raw = real(*args)
        raw["pairs"]["partner"][1] = raw["pairs"]["recipient"][1]
        return raw

    monkeypatch.setattr(duikou.document._core, "extract_pairs", with_self_pair)
    doc = tmp_path / "self.txt"
    doc.write_text(DOCUMENT, encoding="utf-8")
    assert main(["parse", str(doc)]) == 2
    err = capsys.readouterr().err
    assert "--on-invalid" in err and "on_invalid=" not in err
    assert main(["parse", "--on-invalid", "drop", str(doc), "-o", str(tmp_path / "out.csv")]) == 0
    written = (tmp_path / "out.csv").read_text(encoding="utf-8")
    assert "吉安市,吉安市" not in written and "赣州市,深圳市" in written
    assert main(["parse", "--on-invalid", "keep", str(doc)]) == 0
    assert any(line.split()[:2] == ["吉安市", "吉安市"] for line in capsys.readouterr().out.splitlines())


def test_test_command(capsys, tmp_path):
    assert main(["test", "max_frequency", "--method", "fixed_recipients", "--n", "99", "--seed", "3"]) == 0
    out = capsys.readouterr().out
    expected = duikou.datasets.load().test("max_frequency", "fixed_recipients", n=99, seed=3)
    assert out.strip() == str(expected).strip()
    assert "NullModelResult: max_frequency under fixed_recipients" in out and "seed        3" in out
    path = tmp_path / "t.csv"
    path.write_text(TABLE, encoding="utf-8")
    code, out, err = _cli("test", "hhi", "--n", "19", "--seed", "1", "--on-invalid", "drop", str(path))
    assert code == 0 and "hhi under curveball" in out and "seed        1" in out
    code, out, err = _cli("test", "mean_distance", "--n", "19", "--seed", "2", "--alternative", "less")
    assert code == 0 and "of 19 draws as low; p = 0.05 is the smallest possible" in out
    code, _, err = _cli("test", "no_such_statistic")
    assert code == 2 and "invalid choice" in err
