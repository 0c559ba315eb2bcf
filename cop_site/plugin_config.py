"""MkDocs' config class for the plugin, made from the one declaration of its options
(options.py): nothing to edit here when an option is added."""

from __future__ import annotations

import types
from typing import TYPE_CHECKING, Any, cast

from mkdocs.config import config_options as c
from mkdocs.config.base import BaseConfigOption, Config
from mkdocs.plugins import BasePlugin

from .options import OPTIONS, Option


def _mkdocs_option(o: Option) -> BaseConfigOption[Any]:
    option: BaseConfigOption[Any]
    if o.kind == "terms":
        option = c.Type((dict, list))
    elif o.kind == "strings":
        option = c.ListOfItems(c.Type(str)) if o.default is None else c.ListOfItems(c.Type(str), default=o.default)
    elif o.kind == "choice":
        option = c.Choice(o.choices, default=o.default)
    else:
        option = c.Type({"str": str, "int": int, "bool": bool, "dict": dict}[o.kind], default=o.default)
    return c.Optional(option) if o.default is None else option


# MkDocs' config class, made from the one declaration (options.py); read as self.config[name].
CopSiteConfig = cast(type[Config], types.new_class("CopSiteConfig", (Config,), exec_body=lambda ns: ns.update({o.name: _mkdocs_option(o) for o in OPTIONS})))


if TYPE_CHECKING:
    PluginBase = BasePlugin[Config]
else:  # MkDocs makes a subclass of BasePlugin[X] with X as its config class: the plugin names ours itself
    PluginBase = BasePlugin
