"""The `seq2seq-studio` command joins the engine's command line and the app; the engine alone
never opens the app (it never imports it: the import contracts in pyproject.toml)."""

import subprocess
import sys

from models.cli import main as engine_main


def test_the_launcher_opens_the_app_by_default_and_with_gui(monkeypatch):
    opened = []
    monkeypatch.setattr("app.main.main", lambda model=None: opened.append(model) or 0)
    from app.launcher import main

    assert main([]) == 0 and main(["gui", "--model", "default-en-zh"]) == 0
    assert opened == [None, "default-en-zh"]


def test_the_engine_alone_says_where_the_app_is(capsys):
    assert engine_main(["gui"]) == 2
    assert "seq2seq-studio gui" in capsys.readouterr().err


def test_engine_commands_run_through_the_launcher_without_qt(toy_tsv):
    code = (
        f"import sys\nfrom app.launcher import main\nrc = main(['corpus', {str(toy_tsv)!r}])\n"
        "bad = [m for m in sys.modules if m.startswith('PySide6')]\nprint(bad)\nsys.exit(rc or (1 if bad else 0))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip().endswith("[]")
