"""The templates' quicker escape (``render._escape``) gives exactly what MarkupSafe's does."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from markupsafe import Markup, escape

from site_builder.render import _escape, environment


class Html:
    def __html__(self) -> str:
        return "<b>fertig</b>"


class Text(str):
    pass


@pytest.mark.parametrize("value", [
    "", "Excel & Co <b> \"Zitat\" 'ein' ä€😀", Markup("<i>sicher</i>"), Text("<s>"), 42, 3.5, None, True, Html(), ["<"],
])
def test_same_as_markupsafe(value: Any) -> None:
    ours, theirs = _escape(value), escape(value)
    assert type(ours) is type(theirs) is Markup and ours == theirs


def test_templates_escape_through_it(tmp_path: Path) -> None:
    env = environment(tmp_path)
    template = env.from_string("{{ a }}|{{ b }}|{{ c }}")
    assert template.root_render_func.__globals__["escape"] is _escape
    assert template.render(a="<&>", b=Markup("<br>"), c=7) == "&lt;&amp;&gt;|<br>|7"


def test_calls_without_inspection_keep_what_jinja_passes(tmp_path: Path) -> None:
    """The context calls macros and plain functions directly; a function that asks for the
    context (``pass_context``) or the environment still gets it, as Jinja gives it."""
    import jinja2

    class Holder:
        def method(self, word: str) -> str:
            return f"<{word}>"

    env = environment(tmp_path)
    env.globals.update(
        plain=lambda word, suffix="": f"<{word}>{suffix}",
        method=Holder().method,
        with_context=jinja2.pass_context(lambda context, word: f"{context['who']}:{word}"),
        with_env=jinja2.pass_environment(lambda environment, word: f"{environment is env}:{word}"),
    )
    source = (
        "{% macro m(x) %}[{{ x }}]{% endmacro %}"
        "{{ m('a') }} {{ plain('b', suffix='!') }} {{ method('c') }} {{ with_context('d') }} {{ with_env('e') }}"
        "{% for i in [1] %}{{ with_context(i) }}{% endfor %}"
    )
    assert env.from_string(source).render(who="W") == "[a] &lt;b&gt;! &lt;c&gt; W:d True:eW:1"


def test_macros_called_directly_get_their_defaults_keywords_and_errors(tmp_path: Path) -> None:
    """Macro calls skip ``Macro.__call__`` where they can: defaults, keywords, a ``caller``
    and wrong arguments still behave as Jinja defines them."""
    import jinja2

    env = environment(tmp_path)
    source = (
        "{% macro m(a, b='B', c=none) %}{{ a }}-{{ b }}-{{ c }}{% endmacro %}"
        "{% macro wrap(x) %}<{{ caller() }}{{ x }}>{% endmacro %}"
        "{% macro rest() %}{{ varargs|length }}{{ kwargs|length }}{% endmacro %}"
        "{{ m('<') }} {{ m(1, c=3) }} {{ m(a=1, b=2) }} {{ m(1, 2, 3) }}"
        " {% call wrap('!') %}in{% endcall %} {{ rest(1, 2, k=3) }}"
    )
    assert env.from_string(source).render() == "&lt;-B-None 1-B-3 1-2-None 1-2-3 <in!> 21"
    with pytest.raises(TypeError, match="no keyword argument 'd'"):
        env.from_string("{% macro m(a) %}{% endmacro %}{{ m(1, d=2) }}").render()
    with pytest.raises(TypeError, match="not more than"):
        env.from_string("{% macro m(a) %}{% endmacro %}{{ m(1, 2) }}").render()
    with pytest.raises(jinja2.UndefinedError):
        env.from_string("{% macro m(a) %}{{ a.x }}{% endmacro %}{{ m() }}").render()
