"""Issue 24: the plugin's options are declared once (cop_site/options.py). MkDocs' config
class, the engine's defaults, the options the engine does not take and the table in the
docs are all derived from that one list; these tests fail when any of them drifts."""

from __future__ import annotations

from pathlib import Path

from cop_site import options, settings, siteconfig
from cop_site.plugin import CopSitePlugin
from cop_site.plugin_config import CopSiteConfig

ROOT = Path(__file__).parent.parent


def test_the_docs_table_is_the_declaration() -> None:
    text = (ROOT / "content/help/configuration.md").read_text("utf-8")
    assert options.options_table() in text, "rewrite it: .venv/bin/python -m cop_site.options --write content/help/configuration.md"
    for option in options.OPTIONS:
        assert f"| `{option.name}` |" in text


def test_mkdocs_config_class_has_exactly_the_declared_options_and_defaults() -> None:
    names = [name for name, _ in CopSiteConfig._schema]
    assert names == [o.name for o in options.OPTIONS]
    plugin = CopSitePlugin()
    errors, warnings = plugin.load_config({})
    assert not errors and not warnings
    for option in options.OPTIONS:
        assert plugin.config[option.name] == option.default, option.name


def test_mkdocs_checks_each_option_by_its_declared_kind() -> None:
    for name, wrong in {"quiet_window": "three", "edition": "secret", "navigation": "yes", "levels": "state", "categories": 3}.items():
        errors, _ = CopSitePlugin().load_config({name: wrong})
        assert [n for n, _ in errors] == [name]


def test_engine_defaults_and_plugin_only_options_come_from_the_declaration() -> None:
    assert settings.DEFAULTS is options.DEFAULTS
    assert siteconfig.PLUGIN_ONLY is options.PLUGIN_ONLY
    assert set(options.PLUGIN_ONLY) == {"enabled"} | {o.name for o in options.OPTIONS if o.plugin_only}
    built, problems = settings.build_settings({}, ROOT)
    assert not problems
    assert built.quiet_window == options.DEFAULTS["quiet_window"] and built.invitations == options.DEFAULTS["invitations"]
    assert built.expected_levels == options.DEFAULTS["expected_levels"] and built.edition == options.DEFAULTS["edition"]
    _, problems = settings.build_settings({"quiet_windw": 2}, ROOT)
    assert [p.message for p in problems] == ["unknown cop-site option 'quiet_windw'"] and "quiet_window" in str(problems[0])


def test_check_reads_every_declared_option_as_a_build_does(tmp_path: Path) -> None:
    """Each option set in mkdocs.yml: `cop-site check`'s reading (siteconfig) gives the engine
    its options and holds back the plugin's own, so none is reported as unknown."""
    values = {"str": "x", "int": 2, "bool": True, "dict": {}, "terms": ["a"], "strings": ["state"], "choice": "public"}
    lines = []
    for option in options.OPTIONS:
        if option.name in ("rubric", "cms", "categories", "levels", "expected_categories"):
            continue  # each needs more than a placeholder (a file, a backend, matching lists)
        value = values[option.kind]
        lines.append(f"      {option.name}: {value!r}".replace("'", '"').replace("True", "true"))
    (tmp_path / "content").mkdir()
    (tmp_path / "content/index.md").write_text("# Home\n", "utf-8")
    (tmp_path / "mkdocs.yml").write_text("site_name: T\ndocs_dir: content\nplugins:\n  - cop-site:\n" + "\n".join(lines) + "\n", "utf-8")
    site = siteconfig.load_site(tmp_path / "mkdocs.yml")
    assert not isinstance(site, str), site
    assert site.options is not None and not set(site.options) & set(options.PLUGIN_ONLY)
    _, problems = settings.build_settings(site.options, tmp_path)
    assert not [p for p in problems if "unknown cop-site option" in p.message]
