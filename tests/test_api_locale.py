"""docs/_hooks/api_locale.py: the API reference's labels follow the language of the build."""

from types import SimpleNamespace

from conftest import load_hook

hook = load_hook("api_locale")


def test_api_locale_gives_chinese_pages_the_chinese_notes_label():
    html = "<details class=\"note\"><summary>Notes</summary><p>x</p></details>"
    zh = SimpleNamespace(theme={"language": "zh"})
    en = SimpleNamespace(theme={"language": "en"})
    assert "<summary>说明</summary>" in hook.on_page_content(html, None, zh, None)
    assert hook.on_page_content(html, None, en, None) == html


def test_api_locale_gives_mkdocstrings_the_language_of_the_build():
    # mkdocstrings fixed its locale before mkdocs-static-i18n switched theme.language
    # to zh; the hook (priority -110, after i18n's -100) hands it the right one.
    assert hook.on_config.mkdocs_priority < -100
    handlers = SimpleNamespace(_locale="en")
    older = SimpleNamespace(_locale="en")
    config = SimpleNamespace(
        plugins={"mkdocstrings": SimpleNamespace(_handlers=handlers)},
        theme={"language": "zh"},
        markdown_extensions=["toc", SimpleNamespace(_handlers=older)],
    )
    assert hook.on_config(config) is config
    assert (handlers._locale, older._locale) == ("zh", "zh")
    config.theme["language"] = "en"
    hook.on_config(config)
    assert (handlers._locale, older._locale) == ("en", "en")
