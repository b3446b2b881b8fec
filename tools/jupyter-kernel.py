"""Registers the Jupyter kernel `duikou` ("Python 3 (duikou)"): ipykernel on the interpreter running this script.

    .venv/bin/python tools/jupyter-kernel.py [--prefix /usr/local] [--env NAME=VALUE ...]

writes PREFIX/share/jupyter/kernels/duikou/ (kernel.json and ipykernel's logos), where the system's
`jupyter` looks for kernels when PREFIX is /usr/local (`jupyter kernelspec list`). The notebooks name
this kernel in their metadata, so they open with the interpreter duikou is installed for. The tests
register it under a temporary prefix with --env PYTHONPATH=... to run the package under test.
"""

import argparse
import json
import shutil
import sys
from pathlib import Path

NAME = "duikou"
DISPLAY_NAME = "Python 3 (duikou)"


def kernel_spec(env: dict) -> dict:
    # -Xfrozen_modules=off: without it Python 3.11's frozen modules make ipykernel's debugger warn at each start.
    spec = {"argv": [sys.executable, "-Xfrozen_modules=off", "-m", "ipykernel_launcher", "-f", "{connection_file}"],
            "display_name": DISPLAY_NAME, "language": "python", "metadata": {"debugger": True}}
    if env:
        spec["env"] = env
    return spec


def write(target: Path, env: dict) -> None:
    import ipykernel.kernelspec

    target.mkdir(parents=True, exist_ok=True)
    for logo in Path(ipykernel.kernelspec.RESOURCES).glob("logo-*"):
        shutil.copyfile(logo, target / logo.name)
    (target / "kernel.json").write_text(json.dumps(kernel_spec(env), indent=1) + "\n", encoding="utf-8")


def main(argv=None) -> Path:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--prefix", default="/usr/local",
                        help="install under PREFIX/share/jupyter/kernels; where that is not writable (no root), "
                             "in the user's Jupyter data folder instead")
    parser.add_argument("--env", action="append", default=[], metavar="NAME=VALUE",
                        help="an environment variable the kernel starts with (repeatable)")
    args = parser.parse_args(argv)
    env = {}
    for item in args.env:
        name, sep, value = item.partition("=")
        if not sep or not name:
            parser.error(f"--env {item!r}: expected NAME=VALUE")
        env[name] = value
    try:
        import ipykernel.kernelspec  # noqa: F401
    except ImportError:
        sys.exit(f"{sys.executable} has no ipykernel (Debian: apt-get install python3-ipykernel)")
    target = Path(args.prefix) / "share" / "jupyter" / "kernels" / NAME
    try:
        write(target, env)
    except PermissionError:
        from jupyter_core.paths import jupyter_data_dir

        print(f"{target} is not writable: installing the kernel for this user only")
        target = Path(jupyter_data_dir()) / "kernels" / NAME
        write(target, env)
    print(f"Jupyter kernel {NAME} ({DISPLAY_NAME}, {sys.executable}) in {target}")
    return target


if __name__ == "__main__":
    main()
