"""Builds duikou._core with CMake (pybind11's cmake_example pattern).

The CMake build directory lives under build/ in the source tree, so a second
`pip install --no-build-isolation .` recompiles only what changed.
"""

import os
import shutil
import subprocess
import sys
from pathlib import Path

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext

ROOT = Path(__file__).parent.resolve()


class CMakeExtension(Extension):
    def __init__(self, name: str):
        super().__init__(name, sources=[])


class CMakeBuild(build_ext):
    def build_extension(self, ext: Extension) -> None:
        output_dir = Path(self.get_ext_fullpath(ext.name)).parent.resolve()
        build_dir = Path(os.environ.get("DUIKOU_CMAKE_BUILD_DIR", ROOT / "build" / "python")).resolve()
        build_dir.mkdir(parents=True, exist_ok=True)
        args = [
            f"-DDUIKOU_PYTHON_OUTPUT_DIR={output_dir}",
            f"-DPython_EXECUTABLE={sys.executable}",
            f"-DCMAKE_BUILD_TYPE={os.environ.get('DUIKOU_BUILD_TYPE', 'Release')}",
            "-DDUIKOU_BUILD_PYTHON=ON",
            "-DDUIKOU_BUILD_TESTS=OFF",
        ]
        if shutil.which("ninja") and not (build_dir / "CMakeCache.txt").exists():
            args.append("-GNinja")
        args += os.environ.get("DUIKOU_CMAKE_ARGS", "").split()
        subprocess.run(["cmake", str(ROOT), *args], cwd=build_dir, check=True)
        subprocess.run(["cmake", "--build", ".", "--target", "_core", "-j", str(os.cpu_count() or 2)],
                       cwd=build_dir, check=True)


setup(ext_modules=[CMakeExtension("duikou._core")], cmdclass={"build_ext": CMakeBuild})
