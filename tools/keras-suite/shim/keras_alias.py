"""`import keras.X` gives `multikeras.X`: the import shim of the Keras suite.

A meta-path finder answers for the name `keras` and every `keras.X`: it imports
`multikeras.X` and hands back that very module object, so `keras.backend` and
`multikeras.backend` are one module with one state. A name that multikeras
does not have fails as it would in Keras: `ModuleNotFoundError: No module named
'keras.X'`. The one exception is `keras.utils.test_utils`, Keras's own test
helper, which is loaded from the Keras sdist (its relative imports go through
the alias like any other); `from keras.utils import test_utils` asks for it as
`multikeras.utils.test_utils`, and gets the same module.
"""
import importlib
import importlib.abc
import importlib.machinery
import importlib.util
import os
import sys

ALIAS = 'keras'
TARGET = 'multikeras'
# keras.X loaded from the sdist's source rather than aliased.
FROM_SDIST = {'keras.utils.test_utils': os.path.join('keras', 'utils', 'test_utils.py')}


class _AliasLoader(importlib.abc.Loader):
    """Returns the already imported target module under the alias name."""

    def __init__(self, target):
        self.target = target
        self._spec = None

    def create_module(self, spec):
        module = importlib.import_module(self.target)
        # The import system sets `__spec__` of the module it is handed; keep
        # the target's own spec so multikeras keeps its identity.
        self._spec = module.__spec__
        return module

    def exec_module(self, module):
        module.__spec__ = self._spec


class KerasAliasFinder(importlib.abc.MetaPathFinder):
    """Finds `keras` and `keras.X` as `multikeras` and `multikeras.X`."""

    def __init__(self, sdist_root):
        self.sdist_root = sdist_root

    def find_spec(self, fullname, path=None, target=None):
        if fullname.startswith(TARGET + '.') and ALIAS + fullname[len(TARGET):] in FROM_SDIST:
            # `from keras.utils import test_utils` asks for it under the target's
            # name (the aliased package's __name__): give the sdist's module.
            return importlib.machinery.ModuleSpec(
                fullname, _AliasLoader(ALIAS + fullname[len(TARGET):]))
        if fullname != ALIAS and not fullname.startswith(ALIAS + '.'):
            return None
        if fullname in FROM_SDIST:
            location = os.path.join(self.sdist_root, FROM_SDIST[fullname])
            return importlib.util.spec_from_file_location(fullname, location)
        target_name = TARGET + fullname[len(ALIAS):]
        try:
            target_spec = importlib.util.find_spec(target_name)
        except ModuleNotFoundError:
            return None
        if target_spec is None:
            return None
        return importlib.machinery.ModuleSpec(
            fullname, _AliasLoader(target_name),
            is_package=target_spec.submodule_search_locations is not None)


def install(sdist_root):
    """Puts the alias finder first on `sys.meta_path` (once)."""
    if not any(isinstance(f, KerasAliasFinder) for f in sys.meta_path):
        sys.meta_path.insert(0, KerasAliasFinder(sdist_root))
