"""Short ``help()`` pages for the public classes.

pydoc lists every name ``dir(cls)`` gives: for an exception that is two pages of BaseException's
methods (``with_traceback``, ``add_note``, ``__reduce__`` …), for a dataclass its generated
machinery (``__dataclass_fields__``, ``__setattr__`` …). A class made with :class:`Brief` lists
only the names normgraph's own classes define, less that machinery. Instances are untouched:
``dir(error)`` and tab completion on them still show everything."""

from __future__ import annotations

_MACHINERY = frozenset({
    "__annotations__", "__dataclass_fields__", "__dataclass_params__", "__delattr__", "__dict__", "__doc__",
    "__eq__", "__firstlineno__", "__hash__", "__match_args__", "__module__", "__replace__", "__setattr__",
    "__static_attributes__", "__weakref__",
})  # fmt: skip


class Brief(type):
    """The metaclass of normgraph's public classes whose ``help()`` would otherwise be mostly
    inherited text (see the module's docstring)."""

    def __dir__(cls) -> list[str]:
        names: set[str] = set()
        for klass in cls.__mro__:
            if klass.__module__ == "builtins":  # object, Exception, BaseException: documented elsewhere
                break
            names.update(vars(klass))
        return sorted(names - _MACHINERY)
