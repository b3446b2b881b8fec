import subprocess
import sys

from duikou.cli import display_width, main


def test_report_on_builtin(capsys):
    assert main(["report"]) == 0
    out = capsys.readouterr().out
    assert "深圳市" in out and "赣闽粤原中央苏区" in out
    lines = out.splitlines()
    shenzhen = next(line for line in lines if line.startswith("深圳市"))
    assert shenzhen.split()[1] == "3"
    for city in ("广州市", "上海市", "宁波市"):
        assert next(line for line in lines if line.startswith(city)).split()[1] == "2"
    assert "0.08000" in out and "0.19333" in out and "2.62300" in out
    # wide characters are aligned: every row of the partner table has the same display width
    header = lines.index("Partner frequency")
    table = lines[header + 3: header + 18]
    assert len({display_width(line.split("  ")[0].rstrip()) for line in table}) == 1


def test_bad_inputs_exit_2(tmp_path, capsys):
    assert main(["report", str(tmp_path / "absent.csv")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("duikou: error:") and "absent.csv" in err and len(err.strip().splitlines()) == 1
    bad = tmp_path / "bad.csv"
    bad.write_text("recipient,partner\na\n", encoding="utf-8")
    assert main(["report", str(bad)]) == 2
    assert "line 2" in capsys.readouterr().err


def test_python_m_duikou():
    done = subprocess.run([sys.executable, "-m", "duikou", "report"], capture_output=True, text=True, check=True)
    assert "深圳市" in done.stdout
