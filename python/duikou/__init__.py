"""duikou (对口): statistics of pairing programs.

A pairing program pairs recipients (less-developed cities, counties or
provinces, usually tagged with a region) with partners (developed cities or
provinces). :class:`Pairings` holds such a list; its methods answer who carries
the load, which regions each partner covers, and how concentrated the load is.

>>> import duikou
>>> plan = duikou.datasets.load("revolutionary-base-areas-2022")
>>> plan.partner_frequency().head(4)  # doctest: +SKIP
"""

from importlib.metadata import PackageNotFoundError, version as _installed_version

from . import datasets, gazetteer, plot, report  # public modules (none imports matplotlib at import time)
from ._core import InputError
from .document import Extraction, parse_text, read_document
from .geography import UnplacedWarning
from .pairings import Pairings
from .results import Concentration
from .significance import Diagnostics, ExactFallbackWarning, MixingWarning, NullModel, NullModelResult, NullModelResults
from .structure import Nestedness
from .versions import Diff, concat, diff

try:
    __version__ = _installed_version("duikou")
except PackageNotFoundError:  # running from a source tree
    __version__ = "0+unknown"
#: The same string as ``__version__`` (before 0.1.0, ``duikou.version`` was importlib's function by accident).
version = __version__

__all__ = ["Concentration", "InputError", "Pairings", "UnplacedWarning", "datasets", "__version__"]
__all__ += ["Diff", "Nestedness", "concat", "diff"]
__all__ += ["Extraction", "parse_text", "read_document"]
__all__ += ["Diagnostics", "ExactFallbackWarning", "MixingWarning", "NullModel", "NullModelResult", "NullModelResults"]
__all__ += ["gazetteer", "plot", "report"]  # modules with an __all__ of their own, documented as such
