"""Which fast implementation stands in for which canonical module: a registry keyed by the
module's exact class. A subclass is not its parent (a scaled dot-product attention is not a dot
attention), so a class nobody registered finds nothing and its canonical module runs."""

from __future__ import annotations

from collections.abc import Callable


class Registry:
    """Module class → builder of its fast stand-in (a builder may return None: not supported)."""

    def __init__(self, what: str):
        self.what = what
        self._builders: dict[type, Callable] = {}

    def register(self, *classes: type) -> Callable:
        def add(builder: Callable) -> Callable:
            for cls in classes:
                if cls in self._builders:
                    raise ValueError(f"{cls.__name__} already has a {self.what}")
                self._builders[cls] = builder
            return builder

        return add

    def builder(self, module) -> Callable | None:
        """The builder registered for `module`'s exact class (or for the class itself), or None."""
        return self._builders.get(module if isinstance(module, type) else type(module))

    def build(self, module, *args):
        builder = self.builder(module)
        return None if builder is None else builder(module, *args)

    def classes(self) -> tuple[type, ...]:
        return tuple(self._builders)
